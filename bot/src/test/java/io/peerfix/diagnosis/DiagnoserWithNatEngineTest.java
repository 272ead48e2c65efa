package io.peerfix.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.facts.Cni;
import io.peerfix.nat.NatAction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The diagnosis over the real NAT engine, with the nat tables the lab's scenarios use, under
 * several address plans.
 */
class DiagnoserWithNatEngineTest {

  static Stream<AddressPlan> plans() {
    return Stream.of(AddressPlan.seed(), AddressPlan.eks(), AddressPlan.other());
  }

  private static Diagnosis diagnose(World world) {
    return Diagnoser.standard().diagnose(world.observations());
  }

  private static World ipMasqAgentDefault(AddressPlan plan) {
    World world = World.of(plan).podsTimeOut();
    world.cni = Cni.IP_MASQ_AGENT;
    world.natTable =
        ":IP-MASQ-AGENT - [0:0]\n"
            + "-A POSTROUTING -m comment --comment \"ip-masq-agent: ensure nat POSTROUTING directs"
            + " all non-LOCAL destination traffic to our custom IP-MASQ-AGENT chain\" -m addrtype !"
            + " --dst-type LOCAL -j IP-MASQ-AGENT\n"
            + "-A IP-MASQ-AGENT -d 10.0.0.0/8 -j RETURN\n"
            + "-A IP-MASQ-AGENT -d 172.16.0.0/12 -j RETURN\n"
            + "-A IP-MASQ-AGENT -d 192.168.0.0/16 -j RETURN\n"
            + "-A IP-MASQ-AGENT -j MASQUERADE";
    return world;
  }

  @Test
  void theSeedIncidentsKubeletRuleIsNamedAsLeavingThePodSource() {
    AddressPlan plan = AddressPlan.seed();
    World world = World.of(plan).podsTimeOut();
    world.natTable = "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE";

    Diagnosis d = diagnose(world);

    assertThat(d.rootCause()).isEqualTo(RootCause.POD_SOURCE_NOT_MASQUERADED);
    assertThat(d.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(d.evidence())
        .anyMatch(
            e ->
                e.contains(
                        "POSTROUTING rule 1 on node "
                            + plan.nodeName(1)
                            + " `-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE` does not"
                            + " match 10.0.5.20")
                    && e.endsWith("so the packet keeps source 10.244.1.5"));
    assertThat(d.nodes().get(0).natDecidingRule())
        .isEqualTo("-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE");
  }

  /** kube-proxy's chain first, as on every real node, and Docker's masquerade rule last. */
  private static final String KUBE_PROXY_HEAD =
      ":KUBE-POSTROUTING - [0:0]\n"
          + "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\""
          + " -j KUBE-POSTROUTING\n";

  private static final String KUBE_POSTROUTING =
      "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN\n"
          + "-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000\n"
          + "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\""
          + " -j MASQUERADE --random-fully\n";

  @Test
  void onAKubeProxyNodeTheKubeletRuleDecidesNotKubeProxysMarkReturnNorDockersRule() {
    AddressPlan plan = AddressPlan.seed();
    World world = World.of(plan).podsTimeOut();
    String kubelet = "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE";
    world.natTable =
        KUBE_PROXY_HEAD
            + kubelet
            + "\n-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\n"
            + KUBE_POSTROUTING;

    Diagnosis d = diagnose(world);

    assertThat(d.rootCause()).isEqualTo(RootCause.POD_SOURCE_NOT_MASQUERADED);
    assertThat(d.nodes().get(0).natDecidingRule()).isEqualTo(kubelet);
    String nat =
        d.evidence().stream().filter(e -> e.contains("keeps source")).findFirst().orElseThrow();
    assertThat(nat)
        .contains("POSTROUTING rule 2 on node " + plan.nodeName(1) + " `" + kubelet + "`")
        .contains("does not match 10.0.5.20")
        .doesNotContain("KUBE-POSTROUTING rule 1")
        .doesNotContain("172.17.0.0/16");
  }

  @Test
  void onAKubeProxyNodeIpMasqAgentsReturnDecidesNotKubeProxysMarkReturn() {
    AddressPlan plan = AddressPlan.seed();
    World world = ipMasqAgentDefault(plan);
    world.natTable = KUBE_PROXY_HEAD + world.natTable + "\n" + KUBE_POSTROUTING;

    Diagnosis d = diagnose(world);

    assertThat(d.rootCause()).isEqualTo(RootCause.POD_SOURCE_NOT_MASQUERADED);
    assertThat(d.nodes().get(0).natDecidingRule())
        .isEqualTo("-A IP-MASQ-AGENT -d 10.0.0.0/8 -j RETURN");
    String nat =
        d.evidence().stream().filter(e -> e.contains("keeps source")).findFirst().orElseThrow();
    assertThat(nat)
        .contains("IP-MASQ-AGENT rule 1 on node " + plan.nodeName(1))
        .contains("returns from IP-MASQ-AGENT")
        .doesNotContain("KUBE-POSTROUTING rule 1");
  }

  @Test
  void whenNoRuleTurnsOnTheDestinationTheOtherReasonsAreStillNamed() {
    AddressPlan plan = AddressPlan.seed();
    World world = World.of(plan).podsTimeOut();
    world.natTable = KUBE_PROXY_HEAD + KUBE_POSTROUTING;

    Diagnosis d = diagnose(world);

    assertThat(d.nodes().get(0).natDecidingRule())
        .isEqualTo("-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN");
  }

  @ParameterizedTest
  @MethodSource("plans")
  void ipMasqAgentsDefaultRangesLeaveThePodSourceUnderEveryPlan(AddressPlan plan) {
    Diagnosis d = diagnose(ipMasqAgentDefault(plan));

    assertThat(d.rootCause()).isEqualTo(RootCause.POD_SOURCE_NOT_MASQUERADED);
    assertThat(d.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(d.nodes().get(0).natAction()).isEqualTo(NatAction.NONE);
    assertThat(d.fixes().get(0).apply()).contains("-d " + plan.dbIp() + "/32");
    assertThat(d.fixes().get(1).apply()).contains("nonMasqueradeCIDRs");
  }

  @ParameterizedTest
  @MethodSource("plans")
  void anAwsCniSnatExclusionOfThePeerLeavesThePodSourceUnderEveryPlan(AddressPlan plan) {
    World world = World.of(plan).podsTimeOut();
    world.cni = Cni.AWS_VPC_CNI;
    world.natTable =
        ":AWS-SNAT-CHAIN-0 - [0:0]\n"
            + "-A POSTROUTING -m comment --comment \"AWS SNAT CHAIN\" -j AWS-SNAT-CHAIN-0\n"
            + "-A AWS-SNAT-CHAIN-0 -d "
            + plan.clusterCidr()
            + " -m comment --comment \"AWS SNAT CHAIN\" -j RETURN\n"
            + "-A AWS-SNAT-CHAIN-0 -d "
            + plan.peerCidr()
            + " -m comment --comment \"AWS SNAT CHAIN EXCLUSION\" -j RETURN\n"
            + "-A AWS-SNAT-CHAIN-0 ! -o vlan+ -m comment --comment \"AWS, SNAT\" -m addrtype !"
            + " --dst-type LOCAL -j SNAT --to-source ${NODE_IP} --random-fully";

    Diagnosis d = diagnose(world);

    assertThat(d.rootCause()).isEqualTo(RootCause.POD_SOURCE_NOT_MASQUERADED);
    assertThat(d.nodes().get(0).natDecidingRule()).contains("-d " + plan.peerCidr());
    assertThat(d.fixes().get(1).command()).contains("AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS-");
  }

  @ParameterizedTest
  @MethodSource("plans")
  void aTableMasqueradingAllButThePodRangeIsHealthyUnderEveryPlan(AddressPlan plan) {
    Diagnosis d = diagnose(World.of(plan));

    assertThat(d.rootCause()).isEqualTo(RootCause.HEALTHY);
    assertThat(d.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(d.nodes().get(0).sourceAfterNat()).isEqualTo(plan.nodeIp(1));
  }

  @Test
  void aTableTheEngineCannotReadIsAGapNotAFailure() {
    World world = World.of(AddressPlan.seed()).podsTimeOut();
    world.natTable = "this is not a nat table";

    Diagnosis d = diagnose(world);

    assertThat(d.rootCause()).isEqualTo(RootCause.POD_SOURCE_NOT_MASQUERADED);
    assertThat(d.confidence()).isEqualTo(Confidence.MEDIUM);
    assertThat(d.evidence()).anyMatch(e -> e.contains("could not be evaluated"));
  }
}
