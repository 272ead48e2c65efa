package io.peerfix.schedule;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.peerfix.schedule.watch.NodeCondition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the nodes' conditions from the Kubernetes API in one list call: being removed (a deletion
 * timestamp, or a taint the cluster autoscaler or Karpenter puts on a node it is about to remove,
 * {@link #REMOVAL_TAINTS}), cordoned ({@code spec.unschedulable}, or the {@value
 * #UNSCHEDULABLE_TAINT} taint the control plane mirrors it with), not ready (the Ready condition is
 * not True), else ready.
 */
public final class KubernetesNodeConditions implements NodeConditions {
  static final String AUTOSCALER_TAINT = "ToBeDeletedByClusterAutoscaler";

  /** Taints that say a node is on its way out (cluster autoscaler, Karpenter v1 and before). */
  static final Set<String> REMOVAL_TAINTS =
      Set.of(AUTOSCALER_TAINT, "karpenter.sh/disrupted", "karpenter.sh/disruption");

  static final String UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable";

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
    List<String> taints =
        node.getSpec() == null || node.getSpec().getTaints() == null
            ? List.of()
            : node.getSpec().getTaints().stream().map(Taint::getKey).toList();
    if (node.getMetadata().getDeletionTimestamp() != null
        || taints.stream().anyMatch(REMOVAL_TAINTS::contains)) {
      return NodeCondition.BEING_REMOVED;
    }
    if ((node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable()))
        || taints.contains(UNSCHEDULABLE_TAINT)) {
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
