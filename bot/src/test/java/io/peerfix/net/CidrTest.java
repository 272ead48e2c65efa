package io.peerfix.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {
  @Test
  void parsesANetworkAndItsPrefix() {
    Cidr cidr = Cidr.parse("10.0.0.0/8");
    assertThat(cidr.network()).isEqualTo(Ipv4.parse("10.0.0.0"));
    assertThat(cidr.prefix()).isEqualTo(8);
    assertThat(cidr).hasToString("10.0.0.0/8");
    assertThat(Cidr.parse("0.0.0.0/0")).isEqualTo(Cidr.ALL);
  }

  @Test
  void aBareAddressIsItsSlash32() {
    assertThat(Cidr.parse("10.0.5.20")).isEqualTo(Cidr.of(Ipv4.parse("10.0.5.20")));
    assertThat(Cidr.parse("10.0.5.20")).hasToString("10.0.5.20/32");
    assertThat(Cidr.parse("10.0.5.20").isHost()).isTrue();
  }

  @Test
  void hostBitsSetAreRefusedNamingTheNetworkToGive() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.1/8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"10.0.0.1/8\"")
        .hasMessageContaining("host bits")
        .hasMessageContaining("give the network 10.0.0.0/8");
    assertThatThrownBy(() -> new Cidr(Ipv4.parse("172.20.1.10"), 16))
        .hasMessageContaining("172.20.0.0/16");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0/33",
        "10.0.0.0/-1",
        "10.0.0.0/",
        "10.0.0.0/08",
        "10.0.0.0/ 8",
        "10.0.0.0/8 ",
        "10.0.0.0/0x8",
        "10.0.0.0/8/8",
        "010.0.0.0/8",
        "10.0/16",
        "10.0.0.0 /8",
        "/8",
        "::/0",
        "",
        "10.0.0.0/255.0.0.0"
      })
  void refusesEveryOtherForm(String text) {
    assertThatThrownBy(() -> Cidr.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text + "\"")
        .hasMessageContaining("like 10.0.0.0/16");
    assertThat(Cidr.tryParse(text)).isEmpty();
  }

  @Test
  void containsAddressesOfItsRangeOnly() {
    Cidr cidr = Cidr.parse("10.0.0.0/16");
    assertThat(cidr.contains(Ipv4.parse("10.0.0.0"))).isTrue();
    assertThat(cidr.contains(Ipv4.parse("10.0.255.255"))).isTrue();
    assertThat(cidr.contains(Ipv4.parse("10.1.0.0"))).isFalse();
    assertThat(cidr.contains(Ipv4.parse("9.255.255.255"))).isFalse();
    assertThat(Cidr.ALL.contains(Ipv4.parse("255.255.255.255"))).isTrue();
    assertThat(Cidr.parse("10.0.5.20").contains(Ipv4.parse("10.0.5.21"))).isFalse();
  }

  @Test
  void containsNarrowerNetworksInsideIt() {
    Cidr wide = Cidr.parse("10.0.0.0/8");
    assertThat(wide.contains(Cidr.parse("10.0.5.0/24"))).isTrue();
    assertThat(wide.contains(wide)).isTrue();
    assertThat(Cidr.parse("10.0.5.0/24").contains(wide)).isFalse();
    assertThat(wide.contains(Cidr.parse("11.0.0.0/24"))).isFalse();
  }

  @Test
  void overlapsWhenOneContainsTheOther() {
    Cidr peer = Cidr.parse("10.0.0.0/16");
    assertThat(peer.overlaps(Cidr.parse("10.0.1.0/24"))).isTrue();
    assertThat(Cidr.parse("10.0.1.0/24").overlaps(peer)).isTrue();
    assertThat(peer.overlaps(Cidr.parse("10.1.0.0/16"))).isFalse();
    assertThat(Cidr.ALL.overlaps(peer)).isTrue();
  }

  @Test
  void containingClearsHostBits() {
    assertThat(Cidr.containing(Ipv4.parse("172.20.1.10"), 16))
        .isEqualTo(Cidr.parse("172.20.0.0/16"));
    assertThat(Cidr.containing(Ipv4.parse("172.20.1.10"), 0)).isEqualTo(Cidr.ALL);
  }

  @Test
  void knowsItsBounds() {
    Cidr cidr = Cidr.parse("10.244.1.0/24");
    assertThat(cidr.first()).isEqualTo(Ipv4.parse("10.244.1.0"));
    assertThat(cidr.last()).isEqualTo(Ipv4.parse("10.244.1.255"));
    assertThat(cidr.size()).isEqualTo(256);
    assertThat(Cidr.ALL.size()).isEqualTo(1L << 32);
    assertThat(Cidr.ALL.last()).isEqualTo(Ipv4.parse("255.255.255.255"));
  }

  @Test
  void coverIsTheSmallestNetworkHoldingAll() {
    assertThat(Cidr.cover(List.of(Cidr.parse("10.244.1.0/24"), Cidr.parse("10.244.2.0/24"))))
        .contains(Cidr.parse("10.244.0.0/22"));
    assertThat(Cidr.cover(List.of(Cidr.parse("10.244.1.0/24"))))
        .contains(Cidr.parse("10.244.1.0/24"));
    assertThat(Cidr.cover(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("192.168.0.0/16"))))
        .contains(Cidr.ALL);
    assertThat(Cidr.cover(List.of())).isEmpty();
  }

  @Test
  void sortsByNetworkThenWiderFirst() {
    assertThat(
            List.of(Cidr.parse("10.0.5.0/24"), Cidr.parse("10.0.0.0/16"), Cidr.parse("10.0.0.0/8"))
                .stream()
                .sorted()
                .map(Cidr::toString))
        .containsExactly("10.0.0.0/8", "10.0.0.0/16", "10.0.5.0/24");
  }
}
