package io.peerfix.diagnosis;

import static io.peerfix.diagnosis.ScriptedNatModel.Behaviour.INDETERMINATE;
import static io.peerfix.diagnosis.ScriptedNatModel.Behaviour.KEEPS_SOURCE;
import static io.peerfix.diagnosis.ScriptedNatModel.Behaviour.MASQUERADES;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.facts.ConnectOutcome;
import io.peerfix.vpc.PathEvaluator;
import io.peerfix.vpc.PeeringStatus;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every root cause from hand-built observations, each under three address plans (seed, EKS-like
 * with 100.64 pods, and one with the peer in 192.168/20 on port 15432): same situation, same
 * answer.
 */
class DiagnoserTest {

  static Stream<AddressPlan> plans() {
    return Stream.of(AddressPlan.seed(), AddressPlan.eks(), AddressPlan.other());
  }

  private static Diagnosis diagnose(World world, ScriptedNatModel.Behaviour nat) {
    return diagnose(world, new ScriptedNatModel(nat));
  }

  private static Diagnosis diagnose(World world, ScriptedNatModel nat) {
    return new Diagnoser(nat, new PathEvaluator()).diagnose(world.observations());
  }

  @ParameterizedTest
  @MethodSource("plans")
  void podsTimingOutWhileNodesConnectWithAnUnmasqueradedSourceIsPodSourceNotMasqueraded(
      AddressPlan plan) {
    Diagnosis d = diagnose(World.of(plan).podsTimeOut(), KEEPS_SOURCE);

    assertThat(d.rootCause()).isEqualTo(RootCause.POD_SOURCE_NOT_MASQUERADED);
    assertThat(d.confidence()).isEqualTo(Confidence.HIGH);
  }

  @ParameterizedTest
  @MethodSource("plans")
  void unmasqueradedEvidenceNamesTheRuleTheSourceThePeeringAndBothProbes(AddressPlan plan) {
    Diagnosis d = diagnose(World.of(plan).podsTimeOut(), KEEPS_SOURCE);

    String evidence = String.join("\n", d.evidence());
    assertThat(evidence)
        .contains("POSTROUTING rule 1 on node " + plan.nodeName(1))
        .contains("`-A POSTROUTING ! -d " + plan.podRange() + " -o eth0 -j MASQUERADE`")
        .contains("does not match " + plan.dbIp())
        .contains("keeps source " + plan.podIp(1))
        .contains("peering " + plan.peeringId())
        .contains("timed out connecting to " + plan.dbIp() + ":" + plan.port())
        .contains("node " + plan.nodeName(1) + "'s own probe connected");
  }

  @ParameterizedTest
  @MethodSource("plans")
  void theNodeFixComesFirstAsTheSmallestMasqueradeRuleForTheDatabase(AddressPlan plan) {
    Diagnosis d = diagnose(World.of(plan).podsTimeOut(), KEEPS_SOURCE);

    Fix first = d.fixes().get(0);
    assertThat(first.kind()).isEqualTo(FixKind.NODE_NAT);
    assertThat(first.command())
        .containsExactly(
            "iptables",
            "-t",
            "nat",
            "-I",
            "POSTROUTING",
            "1",
            "-d",
            plan.dbIp() + "/32",
            "-o",
            "eth0",
            "-j",
            "MASQUERADE");
    assertThat(first.apply())
        .contains("-I POSTROUTING 1 -d " + plan.dbIp() + "/32 -o eth0 -j MASQUERADE");
    assertThat(first.scope()).contains("all 2 node(s)").contains(plan.nodeName(2));
  }

  @ParameterizedTest
  @MethodSource("plans")
  void fixesRankTheNodeRuleThenTheLastingPluginFixThenThePeerRangeRule(AddressPlan plan) {
    Diagnosis d = diagnose(World.of(plan).podsTimeOut(), KEEPS_SOURCE);

    assertThat(d.fixes())
        .extracting(Fix::kind)
        .containsExactly(FixKind.NODE_NAT, FixKind.CNI_CONFIG, FixKind.NODE_NAT);
    assertThat(d.fixes().get(2).command()).contains(plan.peerCidr());
  }

  @Test
  void theNodeFixUsesTheInterfaceTheNodeRoutesTheDatabaseThrough() {
    World world = World.of(AddressPlan.seed()).podsTimeOut();
    world.outIface = "ens5";

    Diagnosis d = diagnose(world, KEEPS_SOURCE);

    assertThat(d.fixes().get(0).command()).containsSubsequence("-o", "ens5");
  }

  @ParameterizedTest
  @MethodSource("plans")
  void perNodeVerdictsShowProbesAndTheSourceAfterNat(AddressPlan plan) {
    Diagnosis d = diagnose(World.of(plan).podsTimeOut(), KEEPS_SOURCE);

    NodeVerdict first = d.nodes().get(0);
    assertThat(first.node()).isEqualTo(plan.nodeName(1));
    assertThat(first.podProbe()).isEqualTo(ProbeView.TIMED_OUT);
    assertThat(first.hostProbe()).isEqualTo(ProbeView.CONNECTED);
    assertThat(first.sourceAfterNat()).isEqualTo(plan.podIp(1));
    assertThat(first.podPath()).isEqualTo(io.peerfix.vpc.PathVerdict.SOURCE_NOT_CARRIED_BY_PEERING);
    assertThat(first.hostPath()).isEqualTo(io.peerfix.vpc.PathVerdict.REACHABLE);
  }

  @ParameterizedTest
  @MethodSource("plans")
  void aSecurityGroupAdmittingOnlyThePeerItselfIsSecurityGroupBlocks(AddressPlan plan) {
    World world = World.of(plan).allTimeOut();
    world.securityGroupCidr = plan.peerCidr();

    Diagnosis d = diagnose(world, MASQUERADES);

    assertThat(d.rootCause()).isEqualTo(RootCause.SECURITY_GROUP_BLOCKS);
    assertThat(d.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(String.join("\n", d.evidence())).contains(plan.securityGroupId());
    assertThat(d.fixes().get(0).kind()).isEqualTo(FixKind.AWS);
    assertThat(d.fixes().get(0).command())
        .contains(plan.securityGroupId())
        .anyMatch(a -> a.contains(plan.clusterCidr()) || a.contains(plan.nodeIp(1)));
  }

  @ParameterizedTest
  @MethodSource("plans")
  void aMissingRouteInTheClusterVpcIsNoRouteToPeer(AddressPlan plan) {
    World world = World.of(plan).allTimeOut();
    world.routeToPeer = false;

    Diagnosis d = diagnose(world, MASQUERADES);

    assertThat(d.rootCause()).isEqualTo(RootCause.NO_ROUTE_TO_PEER);
    assertThat(d.fixes().get(0).command()).contains(plan.peerCidr(), plan.peeringId());
  }

  @ParameterizedTest
  @MethodSource("plans")
  void aMissingRouteInThePeerVpcIsNoRouteBack(AddressPlan plan) {
    World world = World.of(plan).allTimeOut();
    world.routeBack = false;

    Diagnosis d = diagnose(world, MASQUERADES);

    assertThat(d.rootCause()).isEqualTo(RootCause.NO_ROUTE_BACK);
    assertThat(String.join("\n", d.evidence())).contains("rtb-peer");
    assertThat(d.fixes().get(0).command()).contains(plan.peeringId());
  }

  @ParameterizedTest
  @MethodSource("plans")
  void aPeeringPendingAcceptanceIsPeeringNotActive(AddressPlan plan) {
    World world = World.of(plan).allTimeOut();
    world.peering = PeeringStatus.PENDING_ACCEPTANCE;

    Diagnosis d = diagnose(world, MASQUERADES);

    assertThat(d.rootCause()).isEqualTo(RootCause.PEERING_NOT_ACTIVE);
    assertThat(d.fixes().get(0).command())
        .contains("accept-vpc-peering-connection", plan.peeringId());
  }

  @ParameterizedTest
  @MethodSource("plans")
  void anAclThatForgetsRepliesIsNetworkAclBlocks(AddressPlan plan) {
    World world = World.of(plan).allTimeOut().aclForgetsReplies();

    Diagnosis d = diagnose(world, MASQUERADES);

    assertThat(d.rootCause()).isEqualTo(RootCause.NETWORK_ACL_BLOCKS);
    assertThat(String.join("\n", d.evidence())).contains("acl-db");
    assertThat(d.fixes().get(0).command()).contains("acl-db");
  }

  @ParameterizedTest
  @MethodSource("plans")
  void aPublicDnsAnswerIsDnsResolvesPublicWithThePeeringDnsOption(AddressPlan plan) {
    World world = World.of(plan).allTimeOut();
    world.dns = World.Answer.PUBLIC;

    Diagnosis d = diagnose(world, MASQUERADES);

    assertThat(d.rootCause()).isEqualTo(RootCause.DNS_RESOLVES_PUBLIC);
    assertThat(d.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(String.join("\n", d.evidence()))
        .contains(plan.host() + " resolves to " + plan.publicIp())
        .contains(plan.dbIp());
    assertThat(d.fixes().get(0).apply()).contains("AllowDnsResolutionFromRemoteVpc");
  }

  @ParameterizedTest
  @MethodSource("plans")
  void anNxdomainIsDnsFailure(AddressPlan plan) {
    World world = World.of(plan);
    world.dns = World.Answer.NXDOMAIN;

    Diagnosis d = diagnose(world, MASQUERADES);

    assertThat(d.rootCause()).isEqualTo(RootCause.DNS_FAILURE);
    assertThat(d.fixes()).extracting(Fix::kind).containsExactly(FixKind.DNS);
    assertThat(String.join("\n", d.evidence())).contains("NXDOMAIN");
  }

  @ParameterizedTest
  @MethodSource("plans")
  void aPodRangeOverlappingThePeerVpcIsCidrOverlap(AddressPlan plan) {
    World world = World.of(plan).allTimeOut();
    world.podRangeOverride = plan.peerCidr();

    Diagnosis d = diagnose(world, KEEPS_SOURCE);

    assertThat(d.rootCause()).isEqualTo(RootCause.CIDR_OVERLAP);
    assertThat(String.join("\n", d.evidence())).contains("overlaps " + plan.peerVpcId());
    assertThat(d.fixes().get(0).kind()).isEqualTo(FixKind.ADDRESS_PLAN);
  }

  @ParameterizedTest
  @MethodSource("plans")
  void refusalsFromPodAndNodeAreConnectionRefused(AddressPlan plan) {
    World world = World.of(plan);
    world.pod = ConnectOutcome.REFUSED;
    world.host = ConnectOutcome.REFUSED;

    Diagnosis d = diagnose(world, MASQUERADES);

    assertThat(d.rootCause()).isEqualTo(RootCause.CONNECTION_REFUSED);
    assertThat(d.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(d.fixes().get(0).kind()).isEqualTo(FixKind.DATABASE);
    assertThat(d.fixes().get(0).description()).contains(plan.dbIp() + ":" + plan.port());
  }

  @ParameterizedTest
  @MethodSource("plans")
  void podsAndNodesConnectingIsHealthyWithNoFix(AddressPlan plan) {
    Diagnosis d = diagnose(World.of(plan), MASQUERADES);

    assertThat(d.rootCause()).isEqualTo(RootCause.HEALTHY);
    assertThat(d.confidence()).isEqualTo(Confidence.HIGH);
    assertThat(d.fixes()).isEmpty();
  }

  @Test
  void aNatModelSayingThePodIsMasqueradedWhileOnlyThePodFailsIsUnknown() {
    Diagnosis d = diagnose(World.of(AddressPlan.seed()).podsTimeOut(), MASQUERADES);

    assertThat(d.rootCause()).isEqualTo(RootCause.UNKNOWN);
    assertThat(d.evidence())
        .anyMatch(e -> e.startsWith("disagreement:") && e.contains("rewrites the pod's source"));
    assertThat(d.fixes()).isEmpty();
  }

  @Test
  void bothProbesFailingOnAPathTheAwsModelCallsOpenIsUnknown() {
    Diagnosis d = diagnose(World.of(AddressPlan.seed()).allTimeOut(), MASQUERADES);

    assertThat(d.rootCause()).isEqualTo(RootCause.UNKNOWN);
    assertThat(d.evidence())
        .anyMatch(e -> e.startsWith("disagreement:") && e.contains("through both ways"));
  }

  @Test
  void aPodRefusedWhileItsNodeConnectsIsUnknown() {
    World world = World.of(AddressPlan.seed());
    world.pod = ConnectOutcome.REFUSED;

    Diagnosis d = diagnose(world, KEEPS_SOURCE);

    assertThat(d.rootCause()).isEqualTo(RootCause.UNKNOWN);
    assertThat(d.evidence()).anyMatch(e -> e.contains("REJECT"));
  }

  @Test
  void anAwsModelThatCarriesThePodSourceLowersConfidenceAndSaysWhy() {
    AddressPlan plan = AddressPlan.seed();
    World world = World.of(plan).podsTimeOut();
    world.peeringCarries = List.of(plan.clusterCidr(), plan.podRange());
    world.securityGroupCidr = "0.0.0.0/0";

    Diagnosis d = diagnose(world, KEEPS_SOURCE);

    assertThat(d.rootCause()).isEqualTo(RootCause.POD_SOURCE_NOT_MASQUERADED);
    assertThat(d.confidence()).isEqualTo(Confidence.LOW);
    assertThat(d.evidence())
        .anyMatch(
            e ->
                e.startsWith("disagreement:")
                    && e.contains("through both ways")
                    && e.contains("pod probe failed"));
  }

  @Test
  void podsConnectingWhereTheAwsModelDropsThemIsHealthyWithLowConfidence() {
    AddressPlan plan = AddressPlan.seed();
    World world = World.of(plan);
    world.securityGroupCidr = plan.peerCidr();

    Diagnosis d = diagnose(world, MASQUERADES);

    assertThat(d.rootCause()).isEqualTo(RootCause.HEALTHY);
    assertThat(d.confidence()).isEqualTo(Confidence.LOW);
    assertThat(d.evidence())
        .anyMatch(e -> e.contains(plan.securityGroupId()) && e.contains("stale"));
  }

  @Test
  void withoutAnAwsViewTheUnmasqueradedAnswerHasMediumConfidence() {
    World world = World.of(AddressPlan.seed()).podsTimeOut();
    world.awsKnown = false;

    Diagnosis d = diagnose(world, KEEPS_SOURCE);

    assertThat(d.rootCause()).isEqualTo(RootCause.POD_SOURCE_NOT_MASQUERADED);
    assertThat(d.confidence()).isEqualTo(Confidence.MEDIUM);
    assertThat(d.evidence()).anyMatch(e -> e.startsWith("gap: no AWS view"));
  }

  @Test
  void withoutAnAwsViewBothFailingIsUnknownRatherThanAGuess() {
    World world = World.of(AddressPlan.seed()).allTimeOut();
    world.awsKnown = false;

    Diagnosis d = diagnose(world, MASQUERADES);

    assertThat(d.rootCause()).isEqualTo(RootCause.UNKNOWN);
  }

  @Test
  void anUndecidableNatTableGivesTheAnswerWithReducedConfidence() {
    Diagnosis d = diagnose(World.of(AddressPlan.seed()).podsTimeOut(), INDETERMINATE);

    assertThat(d.rootCause()).isEqualTo(RootCause.POD_SOURCE_NOT_MASQUERADED);
    assertThat(d.confidence()).isEqualTo(Confidence.MEDIUM);
    assertThat(d.evidence()).anyMatch(e -> e.contains("depends on set KUBE-X"));
  }

  @Test
  void nodesThatDisagreeLowerTheConfidenceAndAreNamed() {
    AddressPlan plan = AddressPlan.seed();
    World world = World.of(plan);
    world.nodes = 3;
    world.pod = ConnectOutcome.TIMED_OUT;
    ScriptedNatModel nat = new ScriptedNatModel(KEEPS_SOURCE).on(plan.nodeName(3), MASQUERADES);

    Diagnosis d = diagnose(world, nat);

    assertThat(d.rootCause()).isEqualTo(RootCause.POD_SOURCE_NOT_MASQUERADED);
    assertThat(d.confidence()).isEqualTo(Confidence.LOW);
    assertThat(d.evidence())
        .anyMatch(e -> e.startsWith("disagreement: nodes differ") && e.contains(plan.nodeName(3)));
  }

  @Test
  void onlyTheNodesWhosePodsFailAreInTheNodeFixScope() {
    AddressPlan plan = AddressPlan.seed();
    World world = World.of(plan);
    world.nodes = 3;
    world.podOn = Map.of(1, ConnectOutcome.TIMED_OUT, 2, ConnectOutcome.TIMED_OUT);
    ScriptedNatModel nat = new ScriptedNatModel(KEEPS_SOURCE).on(plan.nodeName(3), MASQUERADES);

    Diagnosis d = diagnose(world, nat);

    assertThat(d.rootCause()).isEqualTo(RootCause.POD_SOURCE_NOT_MASQUERADED);
    assertThat(d.fixes().get(0).scope())
        .contains("all 2 node(s)")
        .contains(plan.nodeName(1))
        .doesNotContain(plan.nodeName(3));
  }

  @Test
  void aProbeStandingForSeveralNodesIsRecordedOnEachVerdict() {
    AddressPlan plan = AddressPlan.seed();
    World world = World.of(plan).podsTimeOut();
    world.nodes = 3;
    world.representativeFor = 3;

    Diagnosis d = diagnose(world, KEEPS_SOURCE);

    assertThat(d.nodes())
        .allSatisfy(
            v -> {
              assertThat(v.podProbeNode()).isEqualTo(plan.nodeName(1));
              assertThat(v.podProbeStandsFor()).isEqualTo(3);
            });
    assertThat(d.nodes().get(2).podSource()).isEqualTo(plan.podCidr(3).replace(".0/24", ".2"));
  }

  @Test
  void noPodProbeAtAllIsUnknown() {
    World world = World.of(AddressPlan.seed());
    world.nodes = 0;

    Diagnosis d = diagnose(world, KEEPS_SOURCE);

    assertThat(d.rootCause()).isEqualTo(RootCause.UNKNOWN);
  }
}
