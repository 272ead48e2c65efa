package io.peerfix.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.facts.DnsStatus;
import org.junit.jupiter.api.Test;

class DnsErrorsTest {
  @Test
  void glibcNameNotKnownIsNxdomain() {
    assertThat(DnsErrors.classify("db.invalid: Name or service not known"))
        .isEqualTo(DnsStatus.NXDOMAIN);
  }

  @Test
  void muslNameDoesNotResolveIsNxdomain() {
    assertThat(DnsErrors.classify("db.invalid: Name does not resolve"))
        .isEqualTo(DnsStatus.NXDOMAIN);
  }

  @Test
  void aTemporaryFailureIsNotProofThatTheNameIsAbsent() {
    assertThat(DnsErrors.classify("db.example: Temporary failure in name resolution"))
        .isEqualTo(DnsStatus.FAILED);
  }

  @Test
  void aNameWithoutAddressesIsAFailureNotNxdomain() {
    assertThat(DnsErrors.classify("db.example: No address associated with hostname"))
        .isEqualTo(DnsStatus.FAILED);
  }

  @Test
  void theReasonLeavesOutTheHostNameJavaPutsFirst() {
    assertThat(DnsErrors.reason("db.example", "db.example: Temporary failure in name resolution"))
        .isEqualTo("Temporary failure in name resolution");
  }
}
