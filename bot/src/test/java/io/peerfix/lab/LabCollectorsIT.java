package io.peerfix.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.facts.ConnectOutcome;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.net.Ipv4;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lab's collectors on the seed incident: what the real probe pod and agent would report on a
 * cluster, read from the running lab through the same ports the diagnosis uses.
 */
class LabCollectorsIT {
  private static RunningLab lab;
  private static List<NodeInfo> nodes;
  private static ProbeRequest byName;

  @BeforeAll
  static void up() {
    lab = RunningLab.up("seed-incident");
    nodes = lab.lab.nodeDirectory(lab.name).nodes();
    byName =
        new ProbeRequest(lab.scenario.peer().target().host(), 5432, ProbeProtocol.POSTGRES, 1500);
  }

  @AfterAll
  static void down() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void thePodProbeResolvesThroughTheLabDnsAndTimesOut() {
    ProbeResult result = lab.lab.podProber(lab.name).probeFromPod(nodes.get(0), byName);

    assertThat(result.reachable()).isFalse();
    assertThat(result.dns().addresses()).containsExactly(Ipv4.parse(lab.targetIp()));
    assertThat(result.attempts())
        .extracting(a -> a.outcome())
        .containsExactly(ConnectOutcome.TIMED_OUT);
    assertThat(result.sourceAddress()).isEqualTo(Ipv4.parse(lab.plan.podIp(1)));
  }

  @Test
  void theAgentReportsEachNodesNatTableAndAHostProbeThatConnects() {
    List<NodeFacts> facts = lab.lab.nodeFactsReader(lab.name).read(nodes, byName);

    assertThat(facts).hasSize(2);
    NodeFacts first = facts.get(0);
    assertThat(first.nodeName()).isEqualTo(nodes.get(0).name());
    assertThat(first.natTable()).contains("! -d 10.0.0.0/8 -o eth0 -j MASQUERADE");
    assertThat(first.hostProbe().reachable()).isTrue();
    assertThat(first.hostProbe().sourceAddress()).isEqualTo(Ipv4.parse(lab.plan.nodeIp(1)));
  }

  @Test
  void aPodProbeAfterTheBandAidIsReachable() {
    lab.exec(
            "node2",
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

    ProbeResult result = lab.lab.podProber(lab.name).probeFromPod(nodes.get(1), byName);

    assertThat(result.reachable()).as(result.toString()).isTrue();
  }
}
