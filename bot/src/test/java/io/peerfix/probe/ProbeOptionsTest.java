package io.peerfix.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerfix.common.UserInputException;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import org.junit.jupiter.api.Test;

class ProbeOptionsTest {
  @Test
  void aValidRequestKeepsHostPortProtocolAndTimeout() {
    assertThat(ProbeOptions.request("db.example", 5432, "1.5s", "postgres"))
        .isEqualTo(new ProbeRequest("db.example", 5432, ProbeProtocol.POSTGRES, 1500));
  }

  @Test
  void theProtocolIsReadWhateverItsCase() {
    assertThat(ProbeOptions.protocol("MySQL")).isEqualTo(ProbeProtocol.MYSQL);
  }

  @Test
  void anUnknownProtocolNamesTheChoices() {
    assertThatThrownBy(() -> ProbeOptions.protocol("redis"))
        .isInstanceOf(UserInputException.class)
        .hasMessage("bad --protocol 'redis': use tcp, postgres or mysql");
  }

  @Test
  void aPortOutOfRangeIsBadInput() {
    assertThatThrownBy(() -> ProbeOptions.request("db", 70000, "2s", "tcp"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("1 to 65535");
  }

  @Test
  void anAddressWithAPartAbove255IsBadInputNotAName() {
    assertThatThrownBy(() -> ProbeOptions.request("10.0.5.256", 5432, "2s", "tcp"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("not a valid IPv4 address");
  }

  @Test
  void aTargetIsSplitAtItsLastColon() {
    assertThat(ProbeOptions.target("10.0.5.20:5432", "2s", "tcp"))
        .isEqualTo(new ProbeRequest("10.0.5.20", 5432, ProbeProtocol.TCP, 2000));
  }

  @Test
  void aTargetWithoutPortIsBadInput() {
    assertThatThrownBy(() -> ProbeOptions.target("10.0.5.20", "2s", "tcp"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("use HOST:PORT");
  }
}
