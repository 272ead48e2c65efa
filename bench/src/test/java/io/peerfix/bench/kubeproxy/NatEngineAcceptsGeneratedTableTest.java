package io.peerfix.bench.kubeproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.nat.NatAction;
import io.peerfix.nat.NatDump;
import io.peerfix.nat.NatEvaluator;
import io.peerfix.nat.NatTable;
import io.peerfix.nat.NatVerdict;
import io.peerfix.nat.NodeContext;
import io.peerfix.nat.Packet;
import io.peerfix.nat.TraceStep;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated table is something peerfix's NAT engine reads and answers on as kube-proxy meant.
 */
class NatEngineAcceptsGeneratedTableTest {
  private static final String NODE_IP = "172.20.1.10";
  private static KubeProxyTableGenerator generator;
  private static NatTable table;

  @BeforeAll
  static void parseLargeCluster() {
    generator = new KubeProxyTableGenerator(ClusterShape.largeCluster());
    table = NatDump.parse(generator.generate());
  }

  @Test
  void parsedTableHasEveryRule() {
    // 4 fixed POSTROUTING/PREROUTING/OUTPUT, 4 kube-proxy fixed, 10,001 KUBE-SERVICES,
    // 40,000 SVC, 60,000 SEP, 500 NODEPORTS, 1,000 EXT rules.
    assertThat(table.ruleCount()).isEqualTo(4 + 4 + 10_001 + 40_000 + 60_000 + 500 + 1_000);
    assertThat(table.chains()).hasSize(4 + 4 + 10_000 + 30_000 + 500);
  }

  @Test
  void nodeTrafficToAClusterIpIsDnatedToAnEndpointAndMasqueraded() {
    ServicePort service = generator.services().get(4_321);
    Packet fromNode =
        Packet.builder()
            .src(NODE_IP)
            .dst(service.clusterIp())
            .dstPort(service.port())
            .origin(Packet.Origin.LOCAL)
            .inIface("")
            .build();

    NatVerdict verdict = NatEvaluator.evaluate(table, fromNode, NodeContext.of(NODE_IP));

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.sourceAfter()).isEqualTo(NODE_IP);
    assertThat(verdict.decidingRule().chain()).isEqualTo("KUBE-POSTROUTING");
    assertThat(verdict.decidingRule().index()).isEqualTo(3);
    assertThat(matchedChains(verdict))
        .contains("OUTPUT", "KUBE-SERVICES", service.serviceChain(), "KUBE-MARK-MASQ")
        .containsAnyOf(
            service.endpointChain(0), service.endpointChain(1), service.endpointChain(2));
  }

  @Test
  void podTrafficToTheDatabaseCrossesEveryServiceRuleAndKeepsItsSource() {
    Packet fromPod = Packet.builder().src("10.244.1.5").dst("10.0.5.20").dstPort(5432).build();

    NatVerdict verdict = NatEvaluator.evaluate(table, fromPod, NodeContext.of(NODE_IP));

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
    assertThat(verdict.sourceAfter()).isEqualTo("10.244.1.5");
    assertThat(verdict.trace().stream().filter(s -> s.chain().equals("KUBE-SERVICES")))
        .hasSize(10_001);
  }

  private static List<String> matchedChains(NatVerdict verdict) {
    return verdict.trace().stream().filter(TraceStep::matched).map(TraceStep::chain).toList();
  }
}
