package io.peerfix.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.facts.Cni;
import io.peerfix.net.Cidr;
import io.peerfix.vpc.PathEvaluator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The lasting fix for each network plugin, built from the observed address plan. */
class CniFixesTest {

  static Stream<AddressPlan> plans() {
    return Stream.of(AddressPlan.seed(), AddressPlan.eks(), AddressPlan.other());
  }

  private static Fix lastingFix(World world) {
    Diagnosis d =
        new Diagnoser(
                new ScriptedNatModel(ScriptedNatModel.Behaviour.KEEPS_SOURCE), new PathEvaluator())
            .diagnose(world.podsTimeOut().observations());
    assertThat(d.rootCause()).isEqualTo(RootCause.POD_SOURCE_NOT_MASQUERADED);
    return d.fixes().stream().filter(f -> f.kind() == FixKind.CNI_CONFIG).findFirst().orElseThrow();
  }

  /** The range covering the two nodes' pod /24s (the 1st and 2nd of the plan's pod range). */
  private static String podCover(AddressPlan plan) {
    return Cidr.cover(java.util.List.of(Cidr.parse(plan.podCidr(1)), Cidr.parse(plan.podCidr(2))))
        .orElseThrow()
        .toString();
  }

  @ParameterizedTest
  @MethodSource("plans")
  void ipMasqAgentGetsAConfigMapWhoseNonMasqueradeCidrsLeaveOutThePeer(AddressPlan plan) {
    World world = World.of(plan);
    world.cni = Cni.IP_MASQ_AGENT;

    Fix fix = lastingFix(world);

    assertThat(fix.apply())
        .contains("name: ip-masq-agent")
        .contains("nonMasqueradeCIDRs:")
        .contains("- " + podCover(plan))
        .contains("- " + plan.clusterCidr())
        .doesNotContain(plan.peerCidr());
  }

  @ParameterizedTest
  @MethodSource("plans")
  void awsVpcCniDropsThePeerFromTheSnatExclusionsAndKeepsTheRest(AddressPlan plan) {
    World world = World.of(plan);
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
            + "-A AWS-SNAT-CHAIN-0 -d 198.18.0.0/15 -m comment --comment \"AWS SNAT CHAIN"
            + " EXCLUSION\" -j RETURN\n"
            + "-A AWS-SNAT-CHAIN-0 ! -o vlan+ -j SNAT --to-source ${NODE_IP} --random-fully";

    Fix fix = lastingFix(world);

    assertThat(fix.command())
        .containsSubsequence("kubectl", "-n", "kube-system", "set", "env", "daemonset/aws-node")
        .contains(
            "AWS_VPC_K8S_CNI_EXTERNALSNAT=false",
            "AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS=198.18.0.0/15");
  }

  @ParameterizedTest
  @MethodSource("plans")
  void awsVpcCniWithOnlyThePeerExcludedUnsetsTheExclusions(AddressPlan plan) {
    World world = World.of(plan);
    world.cni = Cni.AWS_VPC_CNI;
    world.natTable =
        "-A POSTROUTING -j AWS-SNAT-CHAIN-0\n-A AWS-SNAT-CHAIN-0 -d "
            + plan.peerCidr()
            + " -m comment --comment \"AWS SNAT CHAIN EXCLUSION\" -j RETURN";

    Fix fix = lastingFix(world);

    assertThat(fix.command()).contains("AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS-");
  }

  @ParameterizedTest
  @MethodSource("plans")
  void calicoGetsAnIpPoolWithNatOutgoingForThePodRange(AddressPlan plan) {
    World world = World.of(plan);
    world.cni = Cni.CALICO;

    Fix fix = lastingFix(world);

    assertThat(fix.apply())
        .contains("kind: IPPool")
        .contains("cidr: " + podCover(plan))
        .contains("natOutgoing: true");
  }

  @ParameterizedTest
  @MethodSource("plans")
  void ciliumGetsItsNativeRoutingCidrNarrowedToThePodRange(AddressPlan plan) {
    World world = World.of(plan);
    world.cni = Cni.CILIUM;

    Fix fix = lastingFix(world);

    assertThat(fix.command()).contains("cilium-config");
    assertThat(fix.apply())
        .contains("\"ipv4-native-routing-cidr\":\"" + podCover(plan) + "\"")
        .contains("rollout restart daemonset/cilium");
  }

  @ParameterizedTest
  @MethodSource("plans")
  void kubenetGetsTheKubeletNonMasqueradeCidrFlag(AddressPlan plan) {
    World world = World.of(plan);
    world.cni = Cni.KUBENET;

    Fix fix = lastingFix(world);

    assertThat(fix.apply()).isEqualTo("--non-masquerade-cidr=" + podCover(plan));
  }
}
