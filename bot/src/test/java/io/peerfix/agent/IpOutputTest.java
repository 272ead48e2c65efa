package io.peerfix.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.facts.RouteEntry;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Fixtures are real output captured from a lab node namespace and from a host. */
class IpOutputTest {
  private static String fixture(String name) {
    try (InputStream in = IpOutputTest.class.getResourceAsStream("/agent/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyAddressLineOfANodeIsRead() {
    assertThat(IpOutput.addresses(fixture("ip-addr-node.txt")))
        .containsExactly(
            new IpOutput.InterfaceAddress("lo", "127.0.0.1", 8, "host"),
            new IpOutput.InterfaceAddress("eth0", "172.20.1.10", 16, "global"),
            new IpOutput.InterfaceAddress("cbr0", "10.244.1.1", 24, "global"));
  }

  @Test
  void anAddressWithABroadcastKeepsItsScope() {
    assertThat(IpOutput.addresses(fixture("ip-addr-host.txt")))
        .contains(new IpOutput.InterfaceAddress("eth0", "192.0.2.2", 24, "global"));
  }

  @Test
  void theDefaultRouteHasItsGatewayAndDevice() {
    assertThat(IpOutput.routes(fixture("ip-route-node.txt")))
        .contains(new RouteEntry(Cidr.ALL, Ipv4.parse("172.20.0.1"), "eth0", null));
  }

  @Test
  void aRouteWithASourceKeepsIt() {
    assertThat(IpOutput.routes(fixture("ip-route-node.txt")))
        .contains(
            new RouteEntry(
                Cidr.parse("10.0.0.0/16"),
                Ipv4.parse("172.20.0.1"),
                "eth0",
                Ipv4.parse("172.20.1.10")));
  }

  @Test
  void aConnectedRouteHasNoGateway() {
    assertThat(IpOutput.routes(fixture("ip-route-node.txt")))
        .contains(
            new RouteEntry(Cidr.parse("10.244.1.0/24"), null, "cbr0", Ipv4.parse("10.244.1.1")));
  }

  @Test
  void aBlackholeRouteIsNotMistakenForAWorkingOne() {
    assertThat(IpOutput.routes(fixture("ip-route-node.txt")))
        .contains(new RouteEntry(Cidr.parse("10.99.0.0/16"), null, "blackhole", null));
  }

  @Test
  void everyRouteLineBecomesOneRoute() {
    assertThat(IpOutput.routes(fixture("ip-route-node.txt"))).hasSize(5);
  }

  @Test
  void linesOfAnotherShapeAreSkipped() {
    assertThat(IpOutput.addresses("Device \"eth9\" does not exist.\n")).isEmpty();
  }
}
