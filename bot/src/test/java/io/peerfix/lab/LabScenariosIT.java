package io.peerfix.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.exec.CommandResult;
import io.peerfix.lab.RunningLab.Outcome;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The kernel's real behaviour that defines each built-in scenario: what connects, what times out,
 * what is refused, what the resolver answers and what the server sees. The ground truth later
 * diagnosis tests build on.
 */
class LabScenariosIT {

  @Test
  void seedIncidentNodeConnectsPodTimesOutAndTheBandAidMakesTheServerSeeTheNode() throws Exception {
    try (RunningLab lab = RunningLab.up("seed-incident")) {
      assertThat(lab.connect("node1").serverSawClient()).isEqualTo(lab.plan.nodeIp(1));
      assertThat(lab.connect("pod1").outcome()).isEqualTo(Outcome.TIMED_OUT);

      bandAid(lab, 1);

      RunningLab.Connect fixed = lab.connect("pod1");
      assertThat(fixed.outcome()).isEqualTo(Outcome.CONNECTED);
      assertThat(fixed.serverSawClient()).isEqualTo(lab.plan.nodeIp(1));
      assertThat(lab.connect("pod2").outcome())
          .as("node2 has no band-aid yet")
          .isEqualTo(Outcome.TIMED_OUT);
    }
  }

  @Test
  void ipMasqAgentDefaultsLeaveThePodUnmasqueradedUntilTheBandAid() {
    try (RunningLab lab = RunningLab.up("ip-masq-agent-default")) {
      assertThat(lab.connect("node1").outcome()).isEqualTo(Outcome.CONNECTED);
      assertThat(lab.connect("pod1").outcome()).isEqualTo(Outcome.TIMED_OUT);

      bandAid(lab, 1);

      assertThat(lab.connect("pod1").serverSawClient()).isEqualTo(lab.plan.nodeIp(1));
    }
  }

  @Test
  void awsCniExcludedSnatLeavesSecondaryRangePodsUnsnatedUntilTheBandAid() {
    try (RunningLab lab = RunningLab.up("aws-cni-excluded-snat")) {
      assertThat(lab.plan.podIp(1)).startsWith("100.64.");
      assertThat(lab.connect("node2").serverSawClient()).isEqualTo(lab.plan.nodeIp(2));
      assertThat(lab.connect("pod2").outcome()).isEqualTo(Outcome.TIMED_OUT);

      bandAid(lab, 2);

      assertThat(lab.connect("pod2").serverSawClient()).isEqualTo(lab.plan.nodeIp(2));
    }
  }

  @Test
  void healthyPodsAndNodesConnectAndTheServerSeesEachPodsNode() {
    try (RunningLab lab = RunningLab.up("healthy")) {
      assertThat(lab.connect("node1").serverSawClient()).isEqualTo(lab.plan.nodeIp(1));
      assertThat(lab.connect("pod1").serverSawClient()).isEqualTo(lab.plan.nodeIp(1));
      assertThat(lab.connect("pod2").serverSawClient()).isEqualTo(lab.plan.nodeIp(2));
      String host = lab.scenario.peer().target().host();
      assertThat(lab.connect("pod1", host).outcome()).isEqualTo(Outcome.CONNECTED);
    }
  }

  @Test
  void sgBlocksBothTimeOutAndTheSecurityGroupDroppedTheSyns() {
    try (RunningLab lab = RunningLab.up("sg-blocks")) {
      assertThat(lab.connect("node1").outcome()).isEqualTo(Outcome.TIMED_OUT);
      assertThat(lab.connect("pod1").outcome()).isEqualTo(Outcome.TIMED_OUT);
      assertThat(lab.packets("target", "default deny")).isPositive();
    }
  }

  @Test
  void noRouteBackLetsSynsArriveButTheRepliesNeverReturn() {
    try (RunningLab lab = RunningLab.up("no-route-back")) {
      assertThat(lab.connect("node1").outcome()).isEqualTo(Outcome.TIMED_OUT);
      assertThat(lab.connect("pod1").outcome()).isEqualTo(Outcome.TIMED_OUT);
      assertThat(lab.packets("target", "ingress")).as("SYNs admitted by the SG").isPositive();
    }
  }

  @Test
  void noRouteToPeerKeepsEveryPacketInsideTheClusterVpc() {
    try (RunningLab lab = RunningLab.up("no-route-to-peer")) {
      assertThat(lab.connect("node1").outcome()).isEqualTo(Outcome.TIMED_OUT);
      assertThat(lab.connect("pod1").outcome()).isEqualTo(Outcome.TIMED_OUT);
      assertThat(lab.packets("target", "ingress")).isZero();
      assertThat(lab.packets("target", "default deny")).isZero();
    }
  }

  @Test
  void aPeeringNotActiveCarriesNothingFromNodeOrPod() {
    try (RunningLab lab = RunningLab.up("peering-not-active")) {
      assertThat(lab.connect("node1").outcome()).isEqualTo(Outcome.TIMED_OUT);
      assertThat(lab.connect("pod1").outcome()).isEqualTo(Outcome.TIMED_OUT);
      assertThat(lab.packets("target", "ingress")).isZero();
      assertThat(lab.packets("router", "pending-acceptance")).isPositive();
    }
  }

  @Test
  void naclBlocksTheRepliesOfAnAdmittedConnection() {
    try (RunningLab lab = RunningLab.up("nacl-blocks")) {
      assertThat(lab.connect("node1").outcome()).isEqualTo(Outcome.TIMED_OUT);
      assertThat(lab.connect("pod1").outcome()).isEqualTo(Outcome.TIMED_OUT);
      assertThat(lab.packets("target", "ingress")).as("SYNs passed ACL and SG").isPositive();
      assertThat(lab.packets("router", "acl-db outbound rule *")).as("replies denied").isPositive();
    }
  }

  @Test
  void dnsResolvesPublicGivesThePodThePublicAddressWhichIsUnreachable() {
    try (RunningLab lab = RunningLab.up("dns-resolves-public")) {
      var target = lab.scenario.peer().target();
      CommandResult lookup = lab.exec("pod1", "getent", "ahostsv4", target.host());
      assertThat(lookup.stdout()).contains(target.publicIp()).doesNotContain(target.ip());
      assertThat(lab.connect("pod1", target.host()).outcome()).isEqualTo(Outcome.TIMED_OUT);
      assertThat(lab.connect("pod1").outcome())
          .as("the private address works")
          .isEqualTo(Outcome.CONNECTED);
    }
  }

  @Test
  void dnsFailureAnswersNxdomainWhileTheAddressStillWorks() throws Exception {
    try (RunningLab lab = RunningLab.up("dns-failure")) {
      String host = lab.scenario.peer().target().host();
      CommandResult lookup = lab.exec("pod1", "getent", "ahostsv4", host);
      assertThat(lookup.exitCode()).as("getent: not found").isEqualTo(2);
      String dnsLog =
          Files.readString(LabPaths.standard().stateDir(lab.name).resolve("dnsmasq.log"));
      assertThat(dnsLog).contains("config " + host + " is NXDOMAIN");
      assertThat(lab.connect("pod1", host).outcome()).isEqualTo(Outcome.NAME_NOT_RESOLVED);
      assertThat(lab.connect("pod1").outcome()).isEqualTo(Outcome.CONNECTED);
    }
  }

  @Test
  void cidrOverlapSendsTrafficForTheTargetIntoNodeOnesPodBridge() {
    try (RunningLab lab = RunningLab.up("cidr-overlap")) {
      CommandResult route = lab.exec("node1", "ip", "route", "get", lab.targetIp());
      assertThat(route.stdout()).contains("dev cbr0");
      assertThat(lab.connect("pod1").outcome()).isNotEqualTo(Outcome.CONNECTED);
      assertThat(lab.connect("node2").outcome()).isNotEqualTo(Outcome.CONNECTED);
      assertThat(lab.packets("target", "ingress")).as("nothing reached the database").isZero();
    }
  }

  @Test
  void connectionRefusedIsAFastRefusalFromPodAndNode() {
    try (RunningLab lab = RunningLab.up("connection-refused")) {
      RunningLab.Connect pod = lab.connect("pod1");
      assertThat(pod.outcome()).isEqualTo(Outcome.REFUSED);
      assertThat(pod.millis()).as("well inside the 2 s connect timeout").isLessThan(1500);
      assertThat(lab.connect("node1").outcome()).isEqualTo(Outcome.REFUSED);
    }
  }

  /** The seed incident's hand-typed band-aid: masquerade traffic to the target on this node. */
  private static void bandAid(RunningLab lab, int node) {
    lab.exec(
            "node" + node,
            "iptables",
            "-t",
            "nat",
            "-I",
            "POSTROUTING",
            "-d",
            lab.targetIp() + "/32",
            "-o",
            "eth0",
            "-j",
            "MASQUERADE")
        .orThrow();
  }
}
