package io.peerfix.bench.kubeproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KubeProxyTableGeneratorTest {
  private static final Pattern JUMP = Pattern.compile(" -j (KUBE-[A-Z0-9-]+)");
  private static List<String> largeLines;

  @BeforeAll
  static void generateLargeCluster() {
    String text = new KubeProxyTableGenerator(ClusterShape.largeCluster()).generate();
    largeLines = Arrays.asList(text.split("\n"));
  }

  @Test
  void largeClusterHasOneHundredFiftyTwoThousandLines() {
    // 10,000 x (1 SVC + 3 SEP declarations, 1 KUBE-SERVICES, 4 SVC and 6 SEP rules) = 150,000,
    // 500 NodePort services x 4 lines, 21 fixed lines.
    assertThat(largeLines).hasSize(152_021);
  }

  @Test
  void largeClusterDeclaresOneChainPerServiceEndpointAndNodePort() {
    assertThat(count("^:KUBE-SVC-")).isEqualTo(10_000);
    assertThat(count("^:KUBE-SEP-")).isEqualTo(30_000);
    assertThat(count("^:KUBE-EXT-")).isEqualTo(500);
    assertThat(count("^:")).isEqualTo(4 + 4 + 10_000 + 30_000 + 500);
  }

  @Test
  void everyJumpGoesToADeclaredChain() {
    Set<String> declared =
        largeLines.stream()
            .filter(l -> l.startsWith(":"))
            .map(l -> l.substring(1, l.indexOf(' ')))
            .collect(Collectors.toSet());
    Set<String> undeclaredTargets =
        largeLines.stream()
            .map(JUMP::matcher)
            .filter(Matcher::find)
            .map(m -> m.group(1))
            .filter(target -> !declared.contains(target))
            .collect(Collectors.toSet());
    assertThat(undeclaredTargets).isEmpty();
  }

  @Test
  void eachServiceSpreadsOverItsEndpointsWithKubeProxyProbabilities() {
    assertThat(count("--probability 0\\.3333333333 -j KUBE-SEP-")).isEqualTo(10_000);
    assertThat(count("--probability 0\\.5000000000 -j KUBE-SEP-")).isEqualTo(10_000);
    assertThat(count("^-A KUBE-SEP-.* -j DNAT --to-destination 10\\.244\\.")).isEqualTo(30_000);
  }

  @Test
  void tableEndsWithTheNodePortDispatchAndCommit() {
    assertThat(largeLines.get(1)).isEqualTo("*nat");
    assertThat(largeLines.get(largeLines.size() - 2)).isEqualTo("COMMIT");
    List<String> services =
        largeLines.stream().filter(l -> l.startsWith("-A KUBE-SERVICES ")).toList();
    assertThat(services.get(services.size() - 1)).endsWith("--dst-type LOCAL -j KUBE-NODEPORTS");
  }

  @Test
  void sameShapeGivesTheSameTable() {
    ClusterShape shape = new ClusterShape(200, 2, 7L);
    assertThat(new KubeProxyTableGenerator(shape).generate())
        .isEqualTo(new KubeProxyTableGenerator(shape).generate());
  }

  @Test
  void anotherSeedGivesAnotherTable() {
    assertThat(new KubeProxyTableGenerator(new ClusterShape(200, 2, 7L)).generate())
        .isNotEqualTo(new KubeProxyTableGenerator(new ClusterShape(200, 2, 8L)).generate());
  }

  @Test
  void clusterIpsAndEndpointsAreDistinct() {
    List<ServicePort> services = SyntheticCluster.services(new ClusterShape(5_000, 3, 3L));
    assertThat(services.stream().map(ServicePort::clusterIp).distinct()).hasSize(5_000);
    assertThat(services.stream().flatMap(s -> s.endpoints().stream()).distinct()).hasSize(15_000);
  }

  @Test
  void moreEndpointsThanThePodNetworkHoldsIsRefused() {
    assertThatThrownBy(() -> new ClusterShape(40_000, 2, 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10.244.0.0/16");
  }

  private static long count(String regex) {
    Pattern pattern = Pattern.compile(regex);
    return largeLines.stream().filter(l -> pattern.matcher(l).find()).count();
  }
}
