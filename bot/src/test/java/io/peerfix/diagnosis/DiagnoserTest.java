package io.peerfix.diagnosis;

import static io.peerfix.diagnosis.ScriptedNatModel.Behaviour.INDETERMINATE;
import static io.peerfix.diagnosis.ScriptedNatModel.Behaviour.KEEPS_SOURCE;
import static io.peerfix.diagnosis.ScriptedNatModel.Behaviour.MASQUERADES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.peerfix.facts.ConnectOutcome;
import io.peerfix.fix.NatRule;
import io.peerfix.fix.NodeFix;
import io.peerfix.nat.RuleRef;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.vpc.AwsAction;
import io.peerfix.vpc.AwsFix;
import io.peerfix.vpc.Hop;
import io.peerfix.vpc.HopFinding;
import io.peerfix.vpc.HopOutcome;
import io.peerfix.vpc.PathEvaluator;
import io.peerfix.vpc.PathVerdict;
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

  private static Ipv4 ip(String text) {
    return Ipv4.parse(text);
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

    assertThat(d.evidence())
        .anySatisfy(
            e -> {
              assertThat(e.kind()).isEqualTo(EvidenceKind.FACT);
              assertThat(e.nodes()).containsExactly(plan.nodeName(1));
              assertThat(e.rule())
                  .map(RuleRef::text)
                  .contains("-A POSTROUTING ! -d " + plan.podRange() + " -o eth0 -j MASQUERADE");
              assertThat(e.addresses()).contains(ip(plan.dbIp()), ip(plan.podIp(1)));
            });
    assertThat(d.evidence())
        .anySatisfy(
            e -> {
              assertThat(e.hop().map(HopFinding::hop)).contains(Hop.SOURCE_CARRIED_BY_PEERING);
              assertThat(e.hop().orElseThrow().outcome()).isEqualTo(HopOutcome.BLOCK);
              assertThat(e.hop().orElseThrow().resourceIds()).containsExactly(plan.peeringId());
              assertThat(e.hop().orElseThrow().addresses())
                  .containsExactly(ip(plan.podIp(1)), ip(plan.dbIp()));
            });
    assertThat(d.evidence())
        .flatExtracting(Evidence::probes)
        .anySatisfy(
            p -> {
              assertThat(p.side()).isEqualTo(ProbeSide.POD);
              assertThat(p.outcome()).isEqualTo(ProbeView.TIMED_OUT);
              assertThat(p.address()).contains(ip(plan.dbIp()));
              assertThat(p.port()).isEqualTo(plan.port());
            })
        .anySatisfy(
            p -> {
              assertThat(p.node()).isEqualTo(plan.nodeName(1));
              assertThat(p.side()).isEqualTo(ProbeSide.HOST);
              assertThat(p.outcome()).isEqualTo(ProbeView.CONNECTED);
            });
  }

  @ParameterizedTest
  @MethodSource("plans")
  void theNodeFixComesFirstAsTheSmallestMasqueradeRuleForTheDatabase(AddressPlan plan) {
    Diagnosis d = diagnose(World.of(plan).podsTimeOut(), KEEPS_SOURCE);

    assertThat(d.fixes().get(0)).isInstanceOf(NodeNatFix.class);
    NodeFix fix = d.nodeFix().orElseThrow();
    assertThat(fix.rules())
        .containsExactly(NatRule.masquerade(Cidr.parse(plan.dbIp() + "/32"), "eth0"));
    assertThat(fix.nodes()).containsExactlyInAnyOrder(plan.nodeName(1), plan.nodeName(2));
    assertThat(fix.target()).isEqualTo(d.target().name());
    assertThat(fix.diagnosisId()).isEqualTo(d.id());
    assertThat(d.fixes().get(0).command()).isEmpty();
    // Counted, not "2 node(s) in 1 NAT group(s)".
    assertThat(d.fixes().get(0).scope())
        .startsWith(
            "2 nodes in "
                + fix.groups().size()
                + " NAT group"
                + (fix.groups().size() == 1 ? ": " : "s: "));
  }

  @ParameterizedTest
  @MethodSource("plans")
  void fixesRankTheNodeRuleThenTheLastingPluginFixThenThePeerRangeRule(AddressPlan plan) {
    Diagnosis d = diagnose(World.of(plan).podsTimeOut(), KEEPS_SOURCE);

    assertThat(d.fixes())
        .extracting(Fix::kind)
        .containsExactly(FixKind.NODE_NAT, FixKind.CNI_CONFIG, FixKind.NODE_NAT);
    assertThat(((NodeNatFix) d.fixes().get(2)).nodeFix().rules())
        .extracting(NatRule::destination)
        .containsExactly(Cidr.parse(plan.peerCidr()));
  }

  @Test
  void theNodeFixUsesTheInterfaceTheNodeRoutesTheDatabaseThrough() {
    World world = World.of(AddressPlan.seed()).podsTimeOut();
    world.outIface = "ens5";

    Diagnosis d = diagnose(world, KEEPS_SOURCE);

    assertThat(d.nodeFix().orElseThrow().rules())
        .extracting(NatRule::outInterface)
        .containsExactly("ens5");
  }

  @ParameterizedTest
  @MethodSource("plans")
  void perNodeVerdictsShowProbesAndTheSourceAfterNat(AddressPlan plan) {
    Diagnosis d = diagnose(World.of(plan).podsTimeOut(), KEEPS_SOURCE);

    NodeVerdict first = d.nodes().get(0);
    assertThat(first.node()).isEqualTo(plan.nodeName(1));
    assertThat(first.podProbe()).isEqualTo(ProbeView.TIMED_OUT);
    assertThat(first.hostProbe()).isEqualTo(ProbeView.CONNECTED);
    assertThat(first.podSource()).contains(Ipv4.parse(plan.podIp(1)));
    assertThat(first.sourceAfterNat()).contains(Ipv4.parse(plan.podIp(1)));
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
    HopFinding blocking = d.blockingHop().orElseThrow();
    assertThat(blocking.hop()).isEqualTo(Hop.TARGET_SECURITY_GROUP_IN);
    assertThat(blocking.outcome()).isEqualTo(HopOutcome.BLOCK);
    assertThat(blocking.resourceIds()).containsExactly(plan.securityGroupId());
    assertThat(blocking.entry()).as("no rule admits the node").isEmpty();
    assertThat(d.awsChanges().get(0).action())
        .isEqualTo(AwsAction.AUTHORIZE_SECURITY_GROUP_INGRESS);
    assertThat(d.awsChanges().get(0).resourceId()).isEqualTo(plan.securityGroupId());
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
    assertThat(d.awsChanges().get(0).action()).isEqualTo(AwsAction.CREATE_ROUTE);
    assertThat(d.fixes().get(0).command()).contains(plan.peerCidr(), plan.peeringId());
  }

  @ParameterizedTest
  @MethodSource("plans")
  void aMissingRouteInThePeerVpcIsNoRouteBack(AddressPlan plan) {
    World world = World.of(plan).allTimeOut();
    world.routeBack = false;

    Diagnosis d = diagnose(world, MASQUERADES);

    assertThat(d.rootCause()).isEqualTo(RootCause.NO_ROUTE_BACK);
    HopFinding blocking = d.blockingHop().orElseThrow();
    assertThat(blocking.hop()).isEqualTo(Hop.ROUTE_BACK);
    assertThat(blocking.resourceIds()).contains("rtb-peer");
    assertThat(blocking.outcome()).isEqualTo(HopOutcome.BLOCK);
    assertThat(d.awsChanges().get(0).resourceId()).isEqualTo("rtb-peer");
    assertThat(d.fixes().get(0).command()).contains(plan.peeringId());
  }

  @ParameterizedTest
  @MethodSource("plans")
  void aPeeringPendingAcceptanceIsPeeringNotActive(AddressPlan plan) {
    World world = World.of(plan).allTimeOut();
    world.peering = PeeringStatus.PENDING_ACCEPTANCE;

    Diagnosis d = diagnose(world, MASQUERADES);

    assertThat(d.rootCause()).isEqualTo(RootCause.PEERING_NOT_ACTIVE);
    // The routes through the peering are blackholes until it is accepted: no route change.
    assertThat(d.awsChanges()).extracting(AwsFix::action).containsExactly(AwsAction.ACCEPT_PEERING);
    assertThat(d.fixes().get(0).command())
        .contains("accept-vpc-peering-connection", plan.peeringId());
  }

  @ParameterizedTest
  @MethodSource("plans")
  void anAclThatForgetsRepliesIsNetworkAclBlocks(AddressPlan plan) {
    World world = World.of(plan).allTimeOut().aclForgetsReplies();

    Diagnosis d = diagnose(world, MASQUERADES);

    assertThat(d.rootCause()).isEqualTo(RootCause.NETWORK_ACL_BLOCKS);
    HopFinding blocking = d.blockingHop().orElseThrow();
    assertThat(blocking.hop()).isEqualTo(Hop.TARGET_SUBNET_ACL_OUT);
    assertThat(blocking.resourceIds()).containsExactly("acl-db");
    assertThat(blocking.outcome()).isEqualTo(HopOutcome.BLOCK);
    assertThat(d.awsChanges().get(0).resourceId()).isEqualTo("acl-db");
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
    assertThat(d.evidence())
        .anySatisfy(
            e -> {
              assertThat(e.hop().map(HopFinding::hop)).contains(Hop.DNS_ANSWER);
              assertThat(e.hop().orElseThrow().resourceIds()).contains(plan.host());
              assertThat(e.addresses()).contains(ip(plan.publicIp()), ip(plan.dbIp()));
            });
    assertThat(d.awsChanges())
        .extracting(AwsFix::action)
        .containsExactly(AwsAction.ALLOW_PEERING_DNS_RESOLUTION);
    assertThat(d.fixes().get(0).command())
        .contains("AllowDnsResolutionFromRemoteVpc=true", plan.peeringId());
  }

  @ParameterizedTest
  @MethodSource("plans")
  void aPublicDnsAnswerNeverGetsARouteForThePublicAddress(AddressPlan plan) {
    World world = World.of(plan).allTimeOut();
    world.dns = World.Answer.PUBLIC;
    world.routeToPeer = false;

    Diagnosis d = diagnose(world, MASQUERADES);

    assertThat(d.rootCause()).isEqualTo(RootCause.DNS_RESOLVES_PUBLIC);
    assertThat(d.awsChanges())
        .extracting(AwsFix::action)
        .containsExactly(AwsAction.ALLOW_PEERING_DNS_RESOLUTION);
    assertThat(d.fixes()).flatExtracting(Fix::command).doesNotContain(plan.publicIp() + "/32");
  }

  @Test
  void podProbesThatObservedNothingGiveUnknownSayingSo() {
    World world = World.of(AddressPlan.seed()).podsTimeOut();
    world.podProbesBroken = true;

    Diagnosis d = diagnose(world, KEEPS_SOURCE);

    assertThat(d.rootCause()).isEqualTo(RootCause.UNKNOWN);
    assertThat(d.confidence()).isEqualTo(Confidence.MEDIUM);
    assertThat(d.evidence(EvidenceKind.GAP))
        .flatExtracting(Evidence::probes)
        .extracting(ProbeCite::side, ProbeCite::outcome)
        .contains(tuple(ProbeSide.POD, ProbeView.PROBE_ERROR));
    assertThat(d.nodes()).allSatisfy(n -> assertThat(n.podSource()).isEmpty());
    assertThat(d.nodeFix()).isEmpty();
  }

  @Test
  void aFailingPodWithNeitherNatTableNorHostProbeIsUnknown() {
    World world = World.of(AddressPlan.seed()).podsTimeOut();
    world.factsKnown = false;

    Diagnosis d = diagnose(world, KEEPS_SOURCE);

    assertThat(d.rootCause()).isEqualTo(RootCause.UNKNOWN);
    assertThat(d.evidence(EvidenceKind.GAP))
        .anySatisfy(e -> assertThat(e.nodes()).containsExactly(AddressPlan.seed().nodeName(1)));
  }

  @Test
  void theNodeFixGroupsItsNodesByNatFingerprint() {
    AddressPlan plan = AddressPlan.seed();
    World world = World.of(plan).podsTimeOut();
    world.nodes = 3;
    world.extraNatRulesOn =
        Map.of(3, "\n-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE");

    Diagnosis d = diagnose(world, KEEPS_SOURCE);

    NodeFix fix = d.nodeFix().orElseThrow();
    assertThat(fix.groups()).hasSize(2);
    assertThat(fix.groups())
        .extracting(g -> g.nodes())
        .containsExactlyInAnyOrder(
            List.of(plan.nodeName(1), plan.nodeName(2)), List.of(plan.nodeName(3)));
    assertThat(fix.nodes()).hasSize(3);
  }

  @ParameterizedTest
  @MethodSource("plans")
  void noEvidenceHeadlineCarriesItsKindAsAPrefix(AddressPlan plan) {
    World world = World.of(plan).podsTimeOut();
    world.awsKnown = false;

    Diagnosis d = diagnose(world, INDETERMINATE);

    assertThat(d.evidence(EvidenceKind.GAP)).isNotEmpty();
    assertThat(d.evidence())
        .allSatisfy(
            e ->
                assertThat(e.headline())
                    .doesNotStartWith("gap:")
                    .doesNotStartWith("disagreement:")
                    .doesNotStartWith("note:"));
  }

  @ParameterizedTest
  @MethodSource("plans")
  void anNxdomainIsDnsFailure(AddressPlan plan) {
    World world = World.of(plan);
    world.dns = World.Answer.NXDOMAIN;

    Diagnosis d = diagnose(world, MASQUERADES);

    assertThat(d.rootCause()).isEqualTo(RootCause.DNS_FAILURE);
    assertThat(d.fixes()).extracting(Fix::kind).containsExactly(FixKind.DNS);
    assertThat(d.evidence())
        .flatExtracting(Evidence::probes)
        .extracting(ProbeCite::outcome)
        .contains(ProbeView.DNS_NXDOMAIN);
  }

  @ParameterizedTest
  @MethodSource("plans")
  void aPodRangeOverlappingThePeerVpcIsCidrOverlap(AddressPlan plan) {
    World world = World.of(plan).allTimeOut();
    world.podRangeOverride = plan.peerCidr();

    Diagnosis d = diagnose(world, KEEPS_SOURCE);

    assertThat(d.rootCause()).isEqualTo(RootCause.CIDR_OVERLAP);
    assertThat(d.evidence())
        .anySatisfy(
            e -> {
              assertThat(e.hop().map(HopFinding::hop)).contains(Hop.CIDR_PLAN);
              assertThat(e.hop().orElseThrow().verdict()).isEqualTo(PathVerdict.CIDR_OVERLAP);
              assertThat(e.awsIds()).contains(plan.peerVpcId());
            });
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
    assertThat(d.evidence(EvidenceKind.DISAGREEMENT))
        .anySatisfy(e -> assertThat(e.nodes()).containsExactly(AddressPlan.seed().nodeName(1)));
    assertThat(d.fixes()).isEmpty();
  }

  @Test
  void bothProbesFailingOnAPathTheAwsModelCallsOpenIsUnknown() {
    Diagnosis d = diagnose(World.of(AddressPlan.seed()).allTimeOut(), MASQUERADES);

    assertThat(d.rootCause()).isEqualTo(RootCause.UNKNOWN);
    assertThat(d.evidence(EvidenceKind.DISAGREEMENT))
        .anySatisfy(e -> assertThat(e.nodes()).contains(AddressPlan.seed().nodeName(1)));
  }

  @Test
  void aPodRefusedWhileItsNodeConnectsIsUnknown() {
    World world = World.of(AddressPlan.seed());
    world.pod = ConnectOutcome.REFUSED;

    Diagnosis d = diagnose(world, KEEPS_SOURCE);

    assertThat(d.rootCause()).isEqualTo(RootCause.UNKNOWN);
    assertThat(d.evidence(EvidenceKind.DISAGREEMENT))
        .flatExtracting(Evidence::probes)
        .extracting(ProbeCite::side, ProbeCite::outcome)
        .contains(tuple(ProbeSide.HOST, ProbeView.CONNECTED));
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
    assertThat(d.evidence(EvidenceKind.DISAGREEMENT))
        .anySatisfy(
            e -> {
              assertThat(e.nodes()).contains(plan.nodeName(1));
              assertThat(e.hop()).isEmpty();
            });
  }

  @Test
  void podsConnectingWhereTheAwsModelDropsThemIsHealthyWithLowConfidence() {
    AddressPlan plan = AddressPlan.seed();
    World world = World.of(plan);
    world.securityGroupCidr = plan.peerCidr();

    Diagnosis d = diagnose(world, MASQUERADES);

    assertThat(d.rootCause()).isEqualTo(RootCause.HEALTHY);
    assertThat(d.confidence()).isEqualTo(Confidence.LOW);
    assertThat(d.evidence(EvidenceKind.DISAGREEMENT))
        .anySatisfy(
            e -> assertThat(e.hop().map(HopFinding::hop)).contains(Hop.TARGET_SECURITY_GROUP_IN));
    assertThat(d.blockingHop()).as("a healthy answer is blocked nowhere").isEmpty();
  }

  @Test
  void withoutAnAwsViewTheUnmasqueradedAnswerHasMediumConfidence() {
    World world = World.of(AddressPlan.seed()).podsTimeOut();
    world.awsKnown = false;

    Diagnosis d = diagnose(world, KEEPS_SOURCE);

    assertThat(d.rootCause()).isEqualTo(RootCause.POD_SOURCE_NOT_MASQUERADED);
    assertThat(d.confidence()).isEqualTo(Confidence.MEDIUM);
    assertThat(d.evidence(EvidenceKind.GAP)).isNotEmpty();
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
    assertThat(d.evidence(EvidenceKind.GAP))
        .anySatisfy(e -> assertThat(e.nodes()).contains(AddressPlan.seed().nodeName(1)));
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
    assertThat(d.evidence(EvidenceKind.DISAGREEMENT))
        .anySatisfy(e -> assertThat(e.nodes()).containsExactly(plan.nodeName(3)));
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
    assertThat(d.nodeFix().orElseThrow().nodes())
        .containsExactlyInAnyOrder(plan.nodeName(1), plan.nodeName(2));
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
    // The probe ran on node 1: nobody observed node 3's pod source, so none is shown.
    assertThat(d.nodes().get(0).podSource()).contains(Ipv4.parse(plan.podIp(1)));
    assertThat(d.nodes().get(2).podSource()).isEmpty();
    assertThat(d.nodes().get(2).sourceAfterNat()).isEmpty();
    assertThat(d.nodeFix().orElseThrow().nodes()).hasSize(3);
  }

  @Test
  void noPodProbeAtAllIsUnknown() {
    World world = World.of(AddressPlan.seed());
    world.nodes = 0;

    Diagnosis d = diagnose(world, KEEPS_SOURCE);

    assertThat(d.rootCause()).isEqualTo(RootCause.UNKNOWN);
  }

  /**
   * Sentences as people read them in a numbered list: counted nouns ("1 more node", not "node(s)"),
   * no item that starts mid-sentence ("and ...", "while ..."), the other nodes named once.
   */
  @ParameterizedTest
  @MethodSource("plans")
  void evidenceReadsAsWholeSentencesWithCountedNouns(AddressPlan plan) {
    for (Diagnosis d :
        List.of(
            diagnose(World.of(plan).podsTimeOut(), KEEPS_SOURCE),
            diagnose(World.of(plan).allTimeOut(), MASQUERADES),
            diagnose(World.of(plan), MASQUERADES))) {
      List<String> texts =
          Stream.concat(
                  d.evidence().stream().map(Evidence::headline),
                  d.fixes().stream().flatMap(f -> Stream.of(f.description(), f.scope())))
              .toList();
      assertThat(texts)
          .as(d.rootCause().name())
          .noneMatch(t -> t.contains("(s)"))
          .noneMatch(t -> t.startsWith("and ") || t.startsWith("while "))
          .noneMatch(t -> t.contains(": the same on"))
          .noneMatch(t -> t.contains("after 0 ms"));
    }
    Diagnosis seed = diagnose(World.of(plan).podsTimeOut(), KEEPS_SOURCE);
    assertThat(seed.evidence())
        .extracting(Evidence::headline)
        .anyMatch(h -> h.endsWith(", unlike the pod probe"))
        .anyMatch(h -> h.equals("the same holds for 1 more node: " + plan.nodeName(2)));
  }
}
