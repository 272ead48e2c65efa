package io.peerfix.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.facts.NodeInfo;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabNodeDirectoryTest {
  private final List<NodeInfo> nodes =
      new LabNodeDirectory("pft", ScenarioCatalog.builtIn("aws-cni-excluded-snat"), 3).nodes();

  @Test
  void listsOneNodePerLabNodeWithItsAddressAndPodRange() {
    assertThat(nodes).hasSize(3);
    assertThat(nodes.get(2).primaryAddress()).isEqualTo(Ipv4.parse("192.168.1.12"));
    assertThat(nodes.get(2).podCidr()).isEqualTo(Cidr.parse("100.64.3.0/24"));
  }

  @Test
  void namesNodesAsEc2DoesAndLabelsThemWithTheirLabMember() {
    NodeInfo first = nodes.get(0);

    assertThat(first.name()).isEqualTo("ip-192-168-1-10");
    assertThat(first.labels())
        .containsEntry(LabNodeDirectory.MEMBER_LABEL, "node1")
        .containsEntry(LabNodeDirectory.LAB_LABEL, "pft");
  }
}
