package io.peerfix.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.exec.CommandResult;
import io.peerfix.facts.Cni;
import io.peerfix.facts.ConnectOutcome;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.RouteEntry;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.net.Ipv4Interface;
import io.peerfix.probe.ProbeJson;
import io.peerfix.testing.LabNodeWithFix;
import io.peerfix.testing.PeerfixJar;
import io.peerfix.testing.TempNamespace;
import org.junit.jupiter.api.Test;

/**
 * {@code peerfix agent facts} as a whole process inside a namespace built like a kubenet node: eth0
 * 172.20.1.10/16 (a veth whose peer is in the same namespace), bridge cbr0 10.244.1.1/24, a default
 * route, and a small nat table loaded with iptables-restore.
 */
class AgentFactsIT {
  private static final String KUBENET_NAT =
      "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
          + ":POSTROUTING ACCEPT [0:0]\n"
          + "-A POSTROUTING -m set --match-set pf-nomasq dst -j RETURN\n"
          + "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE\nCOMMIT\n";
  private static final String FLANNEL_WITH_KUBELET_HINT =
      "*mangle\n:PREROUTING ACCEPT [0:0]\n:KUBE-IPTABLES-HINT - [0:0]\nCOMMIT\n"
          + "*nat\n:POSTROUTING ACCEPT [0:0]\n:FLANNEL-POSTRTG - [0:0]\n"
          + "-A POSTROUTING -j FLANNEL-POSTRTG\n"
          + "-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -j MASQUERADE\nCOMMIT\n";

  private static TempNamespace node() {
    TempNamespace ns = new TempNamespace();
    try {
      LabNodeWithFix.kubenetInterfaces(ns);
      ns.ip("route", "add", "default", "via", "172.20.0.1", "dev", "eth0");
      return ns;
    } catch (RuntimeException e) {
      ns.close();
      throw e;
    }
  }

  private static TempNamespace kubenetNodeOnLegacyIptables() {
    TempNamespace ns = node();
    try {
      ns.execOk("", "ipset", "create", "pf-nomasq", "hash:net");
      ns.execOk("", "ipset", "add", "pf-nomasq", "10.0.0.0/16");
      ns.execOk(KUBENET_NAT, "iptables-legacy-restore");
      return ns;
    } catch (RuntimeException e) {
      ns.close();
      throw e;
    }
  }

  private static NodeFacts facts(TempNamespace ns, String... extra) {
    String[] args = new String[3 + extra.length];
    args[0] = "agent";
    args[1] = "facts";
    args[2] = "--node-name=node-1";
    System.arraycopy(extra, 0, args, 3, extra.length);
    CommandResult run = PeerfixJar.runIn(ns.name(), args);
    assertThat(run.exitCode()).as(run.stderr() + run.stdout()).isEqualTo(0);
    return ProbeJson.read(run.stdout(), NodeFacts.class);
  }

  @Test
  void legacyRulesAreReadThroughTheLegacyBackendAndSaySo() {
    try (TempNamespace ns = kubenetNodeOnLegacyIptables()) {
      NodeFacts facts = facts(ns, "--json");
      assertThat(facts.iptablesBackend()).isEqualTo("legacy");
      assertThat(facts.warnings()).isEmpty();
      assertThat(facts.natTable()).contains("-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE");
    }
  }

  @Test
  void kubeletsRuleIsToldAsKubenet() {
    try (TempNamespace ns = kubenetNodeOnLegacyIptables()) {
      assertThat(facts(ns).cni()).isEqualTo(Cni.KUBENET);
    }
  }

  @Test
  void theSetANatRuleMatchesOnIsSaved() {
    try (TempNamespace ns = kubenetNodeOnLegacyIptables()) {
      assertThat(facts(ns).ipsets()).contains("add pf-nomasq 10.0.0.0/16");
    }
  }

  @Test
  void addressesRoutesAndPodRangeComeFromTheNamespace() {
    try (TempNamespace ns = kubenetNodeOnLegacyIptables()) {
      NodeFacts facts = facts(ns);
      assertThat(facts.nodeName()).isEqualTo("node-1");
      assertThat(facts.addresses())
          .containsExactlyInAnyOrder(
              Ipv4Interface.parse("172.20.1.10/16"), Ipv4Interface.parse("10.244.1.1/24"));
      assertThat(facts.routes())
          .contains(new RouteEntry(Cidr.ALL, Ipv4.parse("172.20.0.1"), "eth0", null));
      assertThat(facts.podCidr()).isEqualTo(Cidr.parse("10.244.1.0/24"));
    }
  }

  @Test
  void theTargetIsProbedFromTheHostNetwork() {
    try (TempNamespace ns = kubenetNodeOnLegacyIptables()) {
      NodeFacts facts = facts(ns, "--target", "172.20.1.10:9", "--timeout", "1s");
      assertThat(facts.hostProbe().origin()).isEqualTo("node-1/host-network");
      assertThat(facts.hostProbe().attempts().get(0).outcome()).isEqualTo(ConnectOutcome.REFUSED);
      assertThat(facts.hostProbe().sourceAddress()).isEqualTo(Ipv4.parse("172.20.1.10"));
    }
  }

  @Test
  void kubeletsHintInNfTablesMeansTheNftBackend() {
    try (TempNamespace ns = node()) {
      ns.execOk(FLANNEL_WITH_KUBELET_HINT, "iptables-nft-restore");
      NodeFacts facts = facts(ns);
      assertThat(facts.iptablesBackend()).isEqualTo("nf_tables");
      assertThat(facts.cni()).isEqualTo(Cni.FLANNEL);
      assertThat(facts.natTable()).contains("-A POSTROUTING -j FLANNEL-POSTRTG");
    }
  }

  @Test
  void aBadPodRangeIsBadInput() {
    try (TempNamespace ns = node()) {
      CommandResult run =
          PeerfixJar.runIn(ns.name(), "agent", "facts", "--pod-cidr", "10.244.1.300/24");
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.stderr()).contains("bad pod range");
    }
  }
}
