package io.peerfix.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Ipv4InterfaceTest {
  @Test
  void anInterfaceAddressKeepsItsHostBitsAndKnowsItsNetwork() {
    Ipv4Interface on = Ipv4Interface.parse("172.20.1.10/16");

    assertThat(on.address()).isEqualTo(Ipv4.of(172, 20, 1, 10));
    assertThat(on.network()).isEqualTo(Cidr.parse("172.20.0.0/16"));
    assertThat(on).hasToString("172.20.1.10/16");
  }

  @Test
  void aBareAddressIsItsSlash32() {
    assertThat(Ipv4Interface.parse("10.0.0.1").prefix()).isEqualTo(32);
  }

  @Test
  void aBadPrefixOrAddressIsRefused() {
    assertThatThrownBy(() -> Ipv4Interface.parse("10.0.0.1/33"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Ipv4Interface.parse("10.0.0/8"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Ipv4Interface.tryParse("10.0.0.1/08")).isEmpty();
  }
}
