package io.peerfix.schedule;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.peerfix.schedule.watch.NodeCondition;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the nodes' conditions from the Kubernetes API in one list call: being removed (a deletion
 * timestamp, or the cluster autoscaler's {@value #AUTOSCALER_TAINT} taint), cordoned ({@code
 * spec.unschedulable}), not ready (the Ready condition is not True), else ready.
 */
public final class KubernetesNodeConditions implements NodeConditions {
  static final String AUTOSCALER_TAINT = "ToBeDeletedByClusterAutoscaler";

  private final KubernetesClient client;

  public KubernetesNodeConditions(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Map<String, NodeCondition> conditions() {
    Map<String, NodeCondition> out = new HashMap<>();
    for (Node node : client.nodes().list().getItems()) {
      out.put(node.getMetadata().getName(), of(node));
    }
    return out;
  }

  static NodeCondition of(Node node) {
    if (node.getMetadata().getDeletionTimestamp() != null
        || (node.getSpec() != null
            && node.getSpec().getTaints() != null
            && node.getSpec().getTaints().stream()
                .anyMatch(t -> AUTOSCALER_TAINT.equals(t.getKey())))) {
      return NodeCondition.BEING_REMOVED;
    }
    if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      return NodeCondition.CORDONED;
    }
    boolean ready =
        node.getStatus() != null
            && node.getStatus().getConditions() != null
            && node.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    return ready ? NodeCondition.READY : NodeCondition.NOT_READY;
  }
}
