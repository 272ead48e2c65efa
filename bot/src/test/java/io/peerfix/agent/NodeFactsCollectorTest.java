package io.peerfix.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.facts.Cni;
import io.peerfix.facts.NodeFacts;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4Interface;
import io.peerfix.probe.Prober;
import io.peerfix.testing.FakeCommandRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeFactsCollectorTest {
  private static final String NAT =
      "*nat\n:POSTROUTING ACCEPT [0:0]\n"
          + "-A POSTROUTING -m set --match-set pf-nomasq dst -j RETURN\n"
          + "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE\nCOMMIT\n";
  private static final String ADDR =
      "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n"
          + "3: eth0    inet 172.20.1.10/16 scope global eth0\\       valid_lft forever\n"
          + "4: cni0    inet 10.85.0.1/16 scope global cni0\\       valid_lft forever\n";
  private static final String ROUTES = "default via 172.20.0.1 dev eth0 \n";

  private static FakeCommandRunner node() {
    return new FakeCommandRunner()
        .prints(NAT, "iptables-legacy-save")
        .prints(NAT, "iptables-legacy-save", "-t", "nat")
        .prints(ADDR, "ip", "-o", "-4", "addr", "show")
        .prints(ROUTES, "ip", "-4", "route", "show");
  }

  private static NodeFacts collect(FakeCommandRunner runner, String podCidr) {
    Cidr pods = podCidr == null ? null : Cidr.parse(podCidr);
    return new NodeFactsCollector(runner, new Prober())
        .collect(new NodeFactsCollector.Request("node-1", pods, null));
  }

  @Test
  void theNatTableIsReadThroughTheDetectedBackend() {
    NodeFacts facts = collect(node(), null);
    assertThat(facts.iptablesBackend()).isEqualTo("legacy");
    assertThat(facts.natTable()).isEqualTo(NAT);
  }

  @Test
  void theCniIsToldFromTheNatTable() {
    assertThat(collect(node(), null).cni()).isEqualTo(Cni.KUBENET);
  }

  @Test
  void onlySetsTheNatRulesReferenceAreSaved() {
    FakeCommandRunner runner =
        node()
            .prints(
                "create pf-nomasq hash:net\nadd pf-nomasq 10.0.0.0/16\n",
                "ipset",
                "save",
                "pf-nomasq");
    collect(runner, null);
    assertThat(runner.calls().stream().filter(c -> c.get(0).equals("ipset")))
        .containsExactly(List.of("ipset", "save", "pf-nomasq"));
  }

  @Test
  void theSavedSetsAreReported() {
    FakeCommandRunner runner =
        node().prints("create pf-nomasq hash:net\n", "ipset", "save", "pf-nomasq");
    assertThat(collect(runner, null).ipsets()).isEqualTo("create pf-nomasq hash:net\n");
  }

  @Test
  void aMissingIpsetToolIsAWarningNotAFailure() {
    NodeFacts facts = collect(node(), null);
    assertThat(facts.ipsets()).isEmpty();
    assertThat(facts.warnings()).anyMatch(w -> w.startsWith("ipset is not available"));
  }

  @Test
  void loopbackIsLeftOutOfTheNodesAddresses() {
    assertThat(collect(node(), null).addresses())
        .containsExactly(
            Ipv4Interface.parse("172.20.1.10/16"), Ipv4Interface.parse("10.85.0.1/16"));
  }

  @Test
  void aBackendNotToldByTheRulesIsAWarning() {
    FakeCommandRunner runner =
        node().prints(NAT, "iptables-save", "-t", "nat").prints(NAT, "iptables-nft-save");
    NodeFacts facts = collect(runner, null);
    assertThat(facts.iptablesBackend()).isEqualTo("unknown");
    assertThat(facts.warnings()).anyMatch(w -> w.startsWith("iptables backend: 2 legacy rules, 2"));
  }

  @Test
  void thePodRangeComesFromTheCniBridge() {
    assertThat(collect(node(), null).podCidr()).isEqualTo(Cidr.parse("10.85.0.0/16"));
  }

  @Test
  void aGivenPodRangeWinsOverTheBridge() {
    assertThat(collect(node(), "10.244.1.0/24").podCidr()).isEqualTo(Cidr.parse("10.244.1.0/24"));
  }

  @Test
  void anUnreadableNatTableIsAWarning() {
    FakeCommandRunner runner =
        node()
            .fails(4, "Permission denied (you must be root)", "iptables-legacy-save", "-t", "nat");
    NodeFacts facts = collect(runner, null);
    assertThat(facts.natTable()).isEmpty();
    assertThat(facts.warnings()).anyMatch(w -> w.contains("Permission denied"));
  }

  @Test
  void aFailedSaveMeansTheNatTableWasNotRead() {
    FakeCommandRunner runner = node().fails(1, "boom", "iptables-legacy-save", "-t", "nat");
    assertThat(NodeFactsCollector.natTableRead(collect(runner, null))).isFalse();
  }

  @Test
  void anEmptyTableReadWithoutErrorCountsAsRead() {
    FakeCommandRunner runner = node().prints("", "iptables-legacy-save", "-t", "nat");
    assertThat(NodeFactsCollector.natTableRead(collect(runner, null))).isTrue();
  }

  @Test
  void withoutATargetThereIsNoHostProbe() {
    assertThat(collect(node(), null).hostProbe()).isNull();
  }
}
