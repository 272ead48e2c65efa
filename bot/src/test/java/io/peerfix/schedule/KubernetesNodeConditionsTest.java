package io.peerfix.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.peerfix.schedule.watch.NodeCondition;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesNodeConditionsTest {
  KubernetesClient client;

  private static NodeBuilder node(String name, String ready) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready)
        .endCondition()
        .endStatus();
  }

  private void create(Node node) {
    client.nodes().resource(node).create();
  }

  @Test
  void readyNotReadyCordonedAndBeingRemovedNodesAreToldApart() {
    create(node("ready", "True").build());
    create(node("down", "Unknown").build());
    create(node("cordoned", "True").editSpec().withUnschedulable(true).endSpec().build());
    create(
        node("leaving", "True")
            .editSpec()
            .addNewTaint()
            .withKey("ToBeDeletedByClusterAutoscaler")
            .withEffect("NoSchedule")
            .endTaint()
            .endSpec()
            .build());

    assertThat(new KubernetesNodeConditions(client).conditions())
        .containsEntry("ready", NodeCondition.READY)
        .containsEntry("down", NodeCondition.NOT_READY)
        .containsEntry("cordoned", NodeCondition.CORDONED)
        .containsEntry("leaving", NodeCondition.BEING_REMOVED)
        .hasSize(4);
  }
}
