package io.peerfix.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressPlanTest {
  private final AddressPlan seed = new AddressPlan(ScenarioCatalog.builtIn("seed-incident"), 20);

  @Test
  void nodesCountUpFromTheFirstNodeAddress() {
    assertThat(seed.nodeIp(1)).isEqualTo("172.20.1.10");
    assertThat(seed.nodeIp(20)).isEqualTo("172.20.1.29");
  }

  @Test
  void nodeIGetsTheIthSlash24OfThePodRange() {
    assertThat(seed.podCidr(1)).isEqualTo("10.244.1.0/24");
    assertThat(seed.bridgeIp(1)).isEqualTo("10.244.1.1");
    assertThat(seed.podIp(1)).isEqualTo("10.244.1.5");
    assertThat(seed.podCidr(20)).isEqualTo("10.244.20.0/24");
  }

  @Test
  void theRouterTakesTheFirstHostOfEachVpc() {
    assertThat(seed.routerClusterIp()).isEqualTo("172.20.0.1");
    assertThat(seed.routerTargetSideIp()).isEqualTo("10.0.0.1");
  }

  @Test
  void anotherAddressPlanYieldsItsOwnAddresses() {
    AddressPlan cni = new AddressPlan(ScenarioCatalog.builtIn("aws-cni-excluded-snat"), 2);

    assertThat(cni.nodeIp(2)).isEqualTo("192.168.1.11");
    assertThat(cni.podIp(2)).isEqualTo("100.64.2.5");
    assertThat(cni.dnsIp()).isEqualTo("192.168.0.2");
    assertThat(cni.routerTargetSideIp()).isEqualTo("10.20.0.1");
  }
}
