package io.peerfix.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.fix.FixFixtures;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The verifier's probes: several nodes at once, the evidence in the nodes' order. */
class ProbeVerifierTest {
  private static final ProbeRequest TARGET =
      new ProbeRequest("10.0.5.20", 5432, ProbeProtocol.POSTGRES, 2000);

  private static NodeInfo node(int i) {
    return new NodeInfo(
        "node" + i,
        List.of(Ipv4.parse("172.20.1." + (10 + i))),
        Cidr.parse("10.244.0.0/16"),
        Map.of());
  }

  private static ProbeResult result(NodeInfo node, boolean reachable) {
    return new ProbeResult(
        node.name() + "/pod",
        TARGET,
        null,
        null,
        List.of(),
        null,
        reachable,
        3,
        reachable ? null : "timed out");
  }

  @Test
  void theNodesAreProbedAtTheSameTimeAndReportedInTheirOrder() {
    List<NodeInfo> nodes = IntStream.range(0, 6).mapToObj(ProbeVerifierTest::node).toList();
    // Every probe answers only once all six are running: probes one after another never would.
    CyclicBarrier allAtOnce = new CyclicBarrier(nodes.size());
    ProbeVerifier verifier =
        new ProbeVerifier(
            () -> nodes,
            (node, request) -> {
              try {
                allAtOnce.await(30, TimeUnit.SECONDS);
                return result(node, !node.name().equals("node4"));
              } catch (Exception e) {
                return result(node, false);
              }
            },
            TARGET);

    FixVerifier.Verification v =
        verifier.verify(FixFixtures.proposal(), nodes.stream().map(NodeInfo::name).toList());

    assertThat(v.ok()).isFalse();
    assertThat(v.evidence())
        .hasSize(6)
        .satisfies(e -> assertThat(e.get(0)).startsWith("node0: pod probe connected"))
        .satisfies(e -> assertThat(e.get(4)).startsWith("node4: pod probe failed"))
        .satisfies(e -> assertThat(e.get(5)).startsWith("node5: pod probe connected"));
  }

  @Test
  void aNodeNoLongerInTheClusterIsNotVerified() {
    ProbeVerifier verifier =
        new ProbeVerifier(() -> List.of(node(0)), (node, request) -> result(node, true), TARGET);

    FixVerifier.Verification v = verifier.verify(FixFixtures.proposal(), List.of("node0", "node9"));

    assertThat(v.ok()).isFalse();
    assertThat(v.evidence().get(1)).isEqualTo("node9: not in the cluster any more, not probed");
  }
}
