package io.peerfix.nat;

import static io.peerfix.nat.NatFixtures.NODE_IP;
import static io.peerfix.nat.NatFixtures.POD_TO_DB;
import static io.peerfix.nat.NatFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Nat tables as the usual node agents write them (fixtures in src/test/resources/nat), with the
 * verdicts derived by walking the rules by hand.
 */
class RealWorldShapesTest {
  private static final NodeContext NODE = NodeContext.of(NODE_IP);

  private static NatVerdict verdict(String fixture, Packet packet, NodeContext node) {
    return NatEvaluator.evaluate(NatDump.parse(resource(fixture)), packet, node);
  }

  private static NatVerdict verdict(String fixture, Packet packet) {
    return verdict(fixture, packet, NODE);
  }

  private static Packet pod(String dst, int port) {
    return Packet.forwarded("10.244.1.5", dst, port);
  }

  @Test
  void kubenetLeavesPodTrafficToThePeeredVpcUnmasqueraded() {
    NatVerdict verdict = verdict("kube-proxy-kubenet.save", POD_TO_DB);

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
    assertThat(verdict.decidingRule()).isNull();
    assertThat(verdict.trace())
        .anyMatch(
            step -> step.chain().equals("POSTROUTING") && step.index() == 2 && !step.matched());
  }

  @Test
  void kubenetMasqueradesPodTrafficToTheInternet() {
    NatVerdict verdict =
        verdict(
            "kube-proxy-kubenet.save",
            Packet.builder().src("10.244.1.5").dst("8.8.8.8").protocol("udp").dstPort(53).build());

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.decidingRule().chain()).isEqualTo("POSTROUTING");
    assertThat(verdict.decidingRule().index()).isEqualTo(2);
  }

  @Test
  void podTrafficToAClusterIpIsDnattedToEitherEndpointWithoutMasquerade() {
    NatVerdict verdict = verdict("kube-proxy-kubenet.save", pod("10.96.0.50", 5432));

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
    assertThat(verdict.destinationAfter()).isNull();
    assertThat(verdict.notes()).anyMatch(n -> n.contains("10.244.2.7, 10.244.3.8"));
  }

  @Test
  void nodeTrafficToAClusterIpIsMarkedThenMasqueradedByKubePostrouting() {
    Packet fromNode =
        Packet.builder()
            .src(NODE_IP)
            .dst("10.96.0.50")
            .dstPort(5432)
            .origin(Packet.Origin.LOCAL)
            .build();

    NatVerdict verdict = verdict("kube-proxy-kubenet.save", fromNode);

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.decidingRule().chain()).isEqualTo("KUBE-POSTROUTING");
    assertThat(verdict.decidingRule().index()).isEqualTo(3);
  }

  @Test
  void externalTrafficToANodePortIsMasqueraded() {
    Packet external =
        Packet.builder()
            .src("10.0.9.9")
            .dst(NODE_IP)
            .dstPort(30432)
            .inIface("eth0")
            .outIface("cbr0")
            .build();

    NatVerdict verdict = verdict("kube-proxy-kubenet.save", external);

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.decidingRule().chain()).isEqualTo("KUBE-POSTROUTING");
  }

  @Test
  void ipMasqAgentDefaultRangesSkipThePeeredVpc() {
    NatVerdict verdict = verdict("ip-masq-agent.save", POD_TO_DB);

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
    assertThat(verdict.trace())
        .anyMatch(
            step -> step.chain().equals("IP-MASQ-AGENT") && step.index() == 2 && step.matched());
  }

  @Test
  void ipMasqAgentMasqueradesDestinationsOutsideItsRanges() {
    NatVerdict verdict = verdict("ip-masq-agent.save", pod("100.64.1.1", 443));

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.decidingRule())
        .isEqualTo(
            new RuleRef(
                "IP-MASQ-AGENT",
                5,
                "-A IP-MASQ-AGENT -m comment --comment \"ip-masq-agent: outbound traffic is subject to MASQUERADE (must be last in chain)\" -j MASQUERADE"));
  }

  @Test
  void awsVpcCniExcludedCidrIsNotSnatted() {
    Packet vpcPod =
        Packet.builder()
            .src("172.20.3.44")
            .dst("10.0.5.20")
            .dstPort(5432)
            .inIface("eni0a1b2c3d")
            .build();

    NatVerdict verdict = verdict("aws-vpc-cni.save", vpcPod);

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
    assertThat(verdict.trace())
        .anyMatch(
            step -> step.chain().equals("AWS-SNAT-CHAIN-0") && step.index() == 2 && step.matched());
  }

  @Test
  void awsVpcCniSnatsOtherTrafficToThePrimaryAddress() {
    Packet vpcPod =
        Packet.builder()
            .src("172.20.3.44")
            .dst("8.8.8.8")
            .dstPort(443)
            .inIface("eni0a1b2c3d")
            .build();

    NatVerdict verdict = verdict("aws-vpc-cni.save", vpcPod);

    assertThat(verdict.action()).isEqualTo(NatAction.SNAT);
    assertThat(verdict.sourceAfter()).hasToString("172.20.1.10");
    assertThat(verdict.decidingRule().chain()).isEqualTo("AWS-SNAT-CHAIN-0");
    assertThat(verdict.decidingRule().index()).isEqualTo(3);
  }

  @Test
  void calicoNatOutgoingMasqueradesPodTrafficLeavingThePools() {
    NodeContext node = NODE.withIpSets(IpSets.parseSave(resource("calico-natoutgoing.ipset")));

    NatVerdict verdict = verdict("calico.save", POD_TO_DB, node);

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.decidingRule().chain()).isEqualTo("cali-nat-outgoing");
  }

  @Test
  void calicoWithNatOutgoingOffLeavesThePodAddress() {
    NodeContext node = NODE.withIpSets(IpSets.parseSave(resource("calico-natoutgoing-off.ipset")));

    NatVerdict verdict = verdict("calico.save", POD_TO_DB, node);

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
  }

  @Test
  void calicoWithoutItsIpsetsDependsOnThem() {
    NatVerdict verdict = verdict("calico.save", POD_TO_DB);

    assertThat(verdict.action()).isEqualTo(NatAction.INDETERMINATE);
    assertThat(verdict.indeterminateReason()).contains("set cali40masq-ipam-pools");
  }

  @Test
  void flannelMasqueradesPodTrafficLeavingTheClusterNetwork() {
    NatVerdict verdict = verdict("flannel.S", POD_TO_DB);

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.decidingRule().chain()).isEqualTo("FLANNEL-POSTRTG");
    assertThat(verdict.decidingRule().index()).isEqualTo(5);
  }

  @Test
  void flannelLeavesPodToPodTrafficAlone() {
    NatVerdict verdict = verdict("flannel.S", pod("10.244.2.9", 8080));

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
  }

  @Test
  void dockerMasqueradesContainerTrafficLeavingTheBridge() {
    Packet container =
        Packet.builder()
            .src("172.17.0.2")
            .dst("10.0.5.20")
            .dstPort(5432)
            .inIface("docker0")
            .build();

    NatVerdict verdict = verdict("docker.save", container);

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.decidingRule().index()).isEqualTo(1);
  }

  @Test
  void dockerPublishedPortIsDnattedToTheContainer() {
    Packet client =
        Packet.builder()
            .src("10.0.9.9")
            .dst(NODE_IP)
            .dstPort(15432)
            .inIface("eth0")
            .outIface("docker0")
            .build();

    NatVerdict verdict = verdict("docker.save", client);

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
    assertThat(verdict.destinationAfter()).hasToString("172.17.0.2");
  }
}
