package io.peerfix.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.net.Cidr;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AwsCidrsTest {
  @Test
  void aNetworkIsReadAsWritten() {
    assertThat(AwsCidrs.of("10.0.0.0/16")).contains(Cidr.parse("10.0.0.0/16"));
  }

  @Test
  void aBlockWithHostBitsIsTheNetworkAwsApplies() {
    assertThat(AwsCidrs.of("10.0.0.5/16")).contains(Cidr.parse("10.0.0.0/16"));
  }

  @Test
  void ipv6AndAbsentBlocksAreLeftOut() {
    assertThat(AwsCidrs.of("2600:1f18::/56")).isEmpty();
    assertThat(AwsCidrs.of(null)).isEmpty();
    assertThat(AwsCidrs.all(Arrays.asList("172.20.0.0/16", null, "::/0", "172.20.0.0/16")))
        .containsExactly(Cidr.parse("172.20.0.0/16"));
  }
}
