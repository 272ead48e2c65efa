package io.peerfix.facts;

import static io.peerfix.facts.FactsFixtures.NatConfig.IP_MASQ_AGENT;
import static io.peerfix.facts.FactsFixtures.NatConfig.KUBENET_10_8;
import static io.peerfix.facts.FactsFixtures.facts;
import static io.peerfix.facts.FactsFixtures.node;
import static io.peerfix.facts.FactsFixtures.nodeName;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NodeGroupingTest {
  private static final List<NodeInfo> NODES = List.of(node(4), node(1), node(2), node(3), node(5));
  private static final List<NodeFacts> FACTS =
      List.of(
          facts(1, KUBENET_10_8),
          facts(2, IP_MASQ_AGENT),
          facts(3, KUBENET_10_8),
          facts(4, KUBENET_10_8));

  @Test
  void makesOneGroupPerDistinctNatConfigurationLargestFirst() {
    NodeGrouping.Result result = NodeGrouping.group(NODES, FACTS);

    assertThat(result.groups()).extracting(NodeGroup::standsFor).containsExactly(3, 1);
    assertThat(result.groups().get(0).memberNames())
        .containsExactly(nodeName(1), nodeName(3), nodeName(4));
  }

  @Test
  void theRepresentativeIsTheFirstMemberByName() {
    NodeGroup kubenet = NodeGrouping.group(NODES, FACTS).groups().get(0);

    assertThat(kubenet.representative()).isEqualTo(node(1));
  }

  @Test
  void nodesWithoutFactsAreKeptApartUngrouped() {
    NodeGrouping.Result result = NodeGrouping.group(NODES, FACTS);

    assertThat(result.withoutFacts()).containsExactly(node(5));
  }

  @Test
  void factsForNodesNotAskedAboutAreIgnored() {
    NodeGrouping.Result result = NodeGrouping.group(List.of(node(1)), FACTS);

    assertThat(result.groups())
        .singleElement()
        .extracting(NodeGroup::memberNames)
        .isEqualTo(List.of(nodeName(1)));
  }
}
