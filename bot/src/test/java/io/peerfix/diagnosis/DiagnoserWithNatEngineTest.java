package io.peerfix.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.facts.Cni;
import io.peerfix.nat.NatAction;
import io.peerfix.nat.RuleRef;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
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
    assertThat(natEvidence(d))
        .satisfies(
            e -> {
              assertThat(e.nodes()).containsExactly(plan.nodeName(1));
              assertThat(e.rule())
                  .contains(
                      new RuleRef(
                          "POSTROUTING",
                          1,
                          "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE"));
              assertThat(e.addresses())
                  .containsExactly(Ipv4.parse("10.0.5.20"), Ipv4.parse("10.244.1.5"));
            });
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
    assertThat(natEvidence(d).rule()).contains(new RuleRef("POSTROUTING", 2, kubelet));
    assertThat(natEvidence(d).headline())
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
    assertThat(natEvidence(d).rule())
        .contains(new RuleRef("IP-MASQ-AGENT", 1, "-A IP-MASQ-AGENT -d 10.0.0.0/8 -j RETURN"));
    assertThat(natEvidence(d).headline()).doesNotContain("KUBE-POSTROUTING rule 1");
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
    assertThat(d.nodeFix().orElseThrow().rules().get(0).destination())
        .isEqualTo(Cidr.parse(plan.dbIp() + "/32"));
    assertThat(d.lastingFix().orElseThrow().cni()).isEqualTo(Cni.IP_MASQ_AGENT);
    assertThat(d.lastingFix().orElseThrow().snippet()).contains("nonMasqueradeCIDRs");
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
    assertThat(d.lastingFix().orElseThrow().cni()).isEqualTo(Cni.AWS_VPC_CNI);
    assertThat(d.lastingFix().orElseThrow().command())
        .contains("AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS-");
  }

  @ParameterizedTest
  @MethodSource("plans")
  void aTableMasqueradingAllButThePodRangeIsHealthyUnderEveryPlan(AddressPlan plan) {
    Diagnosis d = diagnose(World.of(plan));

    assertThat(d.rootCause()).isEqualTo(RootCause.HEALTHY);
    assertThat(d.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(d.nodes().get(0).sourceAfterNat()).contains(Ipv4.parse(plan.nodeIp(1)));
  }

  @Test
  void aTableTheEngineCannotReadIsAGapNotAFailure() {
    World world = World.of(AddressPlan.seed()).podsTimeOut();
    world.natTable = "this is not a nat table";

    Diagnosis d = diagnose(world);

    assertThat(d.rootCause()).isEqualTo(RootCause.POD_SOURCE_NOT_MASQUERADED);
    assertThat(d.confidence()).isEqualTo(Confidence.MEDIUM);
    assertThat(d.evidence(EvidenceKind.GAP))
        .anySatisfy(e -> assertThat(e.nodes()).contains(AddressPlan.seed().nodeName(1)));
  }

  /** The evidence that cites the nat rule deciding on the first node. */
  private static Evidence natEvidence(Diagnosis d) {
    return d.evidence().stream().filter(e -> e.rule().isPresent()).findFirst().orElseThrow();
  }
}
