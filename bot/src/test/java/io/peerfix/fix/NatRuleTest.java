package io.peerfix.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NatRuleTest {
  private static final Cidr DB = Cidr.parse("10.0.5.20/32");

  @Test
  void aMasqueradeRuleGivesOnlyItsMatchAndTarget() {
    assertThat(NatRule.masquerade(DB, "eth0").iptablesArgs())
        .containsExactly("-d", "10.0.5.20/32", "-o", "eth0", "-j", "MASQUERADE");
  }

  @Test
  void anSnatRuleNamesItsSource() {
    assertThat(NatRule.snat(DB, "ens5", Ipv4.parse("172.20.1.10")).iptablesArgs())
        .containsExactly(
            "-d", "10.0.5.20/32", "-o", "ens5", "-j", "SNAT", "--to-source", "172.20.1.10");
  }

  @Test
  void snatNeedsASourceAndMasqueradeHasNone() {
    assertThatThrownBy(() -> new NatRule(NatRuleAction.SNAT, DB, "eth0", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SNAT");
    assertThatThrownBy(
            () ->
                new NatRule(
                    NatRuleAction.MASQUERADE, DB, "eth0", Optional.of(Ipv4.parse("172.20.1.10"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MASQUERADE");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"eth0", "ens5", "eth0.100", "vlan@eth0", "br-1_a", "a", "abcdefghijklmno"})
  void acceptsInterfaceNamesTheKernelAccepts(String name) {
    assertThat(NatRule.masquerade(DB, name).outInterface()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "..",
        "abcdefghijklmnop",
        "eth 0",
        "eth0:1",
        "a/b",
        "eth+",
        "eth0\n",
        "eth0;rm"
      })
  void refusesOtherInterfaceNames(String name) {
    assertThatThrownBy(() -> NatRule.masquerade(DB, name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("interface name");
  }
}
