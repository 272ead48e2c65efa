package io.peerfix.fixstore;

import static io.peerfix.fixstore.KubernetesFixStore.FIX_LABEL;
import static io.peerfix.fixstore.KubernetesFixStore.GROUP;
import static io.peerfix.fixstore.KubernetesFixStore.NODE_LABEL;
import static io.peerfix.fixstore.KubernetesFixStore.STATUSES;
import static io.peerfix.fixstore.KubernetesFixStore.VERSION;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.peerfix.fix.NodeStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The per-node half of {@link KubernetesFixStore}: one small {@code NodeFixStatus} per node and
 * fix, written only by that node's agent, owned by the Node (so it goes with it) and labelled with
 * the fix and the node. Created once, merge-patched afterwards (one call per change; no server-side
 * apply, which the mock server lacks), so a thousand agents write a thousand different objects and
 * never conflict.
 */
final class NodeFixStatuses {
  private final KubernetesClient client;
  private final String namespace;
  private final Optional<String> nodeUid;
  private final ObjectMapper json = FixJson.mapper();
  // The status objects this process has created (or found there): later writes patch them.
  private final Set<String> created = new HashSet<>();

  NodeFixStatuses(KubernetesClient client, String namespace, Optional<String> nodeUid) {
    this.client = client;
    this.namespace = namespace;
    this.nodeUid = nodeUid;
  }

  void put(NodeStatus status) {
    String name = name(status.fix(), status.node());
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = json.convertValue(status, Map.class);
    try {
      if (!created.contains(name)) {
        try {
          client
              .genericKubernetesResources(STATUSES)
              .inNamespace(namespace)
              .resource(resource(name, status, spec))
              .create();
          created.add(name);
          return;
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) {
            throw e;
          }
          // There since before this process started (an agent restart): patch it from now on.
          created.add(name);
        }
      }
      patch(name, spec);
    } catch (KubernetesClientException e) {
      created.remove(name);
      throw KubernetesFixStore.failure("cannot write NodeFixStatus " + name, e);
    }
  }

  /** Every node's status of {@code fixName}, by node name. */
  List<NodeStatus> of(String fixName) {
    try {
      List<NodeStatus> all = new ArrayList<>();
      for (GenericKubernetesResource r :
          client
              .genericKubernetesResources(STATUSES)
              .inNamespace(namespace)
              .withLabel(FIX_LABEL, fixName)
              .list()
              .getItems()) {
        all.add(json.convertValue(r.getAdditionalProperties().get("spec"), NodeStatus.class));
      }
      all.sort(Comparator.comparing(NodeStatus::node));
      return all;
    } catch (KubernetesClientException e) {
      throw KubernetesFixStore.failure("cannot list NodeFixStatuses of " + fixName, e);
    }
  }

  /** {@code FIX.NODE}, or the node's hash when the name would pass Kubernetes' 253 characters. */
  static String name(String fix, String node) {
    String name = fix + "." + node;
    return name.length() <= 253 ? name : fix + "." + NodeFixLabels.hash(node);
  }

  /**
   * Only the spec as the merge patch's body (labels and owner stay as created): one PATCH, no read
   * first (a patch by name alone reads the object first).
   */
  private void patch(String name, Map<String, Object> spec) {
    GenericKubernetesResource patch =
        new GenericKubernetesResourceBuilder()
            .withApiVersion(GROUP + "/" + VERSION)
            .withKind("NodeFixStatus")
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .endMetadata()
            .withAdditionalProperties(Map.of("spec", spec))
            .build();
    client
        .genericKubernetesResources(STATUSES)
        .inNamespace(namespace)
        .resource(patch)
        .patch(PatchContext.of(PatchType.JSON_MERGE));
  }

  private GenericKubernetesResource resource(
      String name, NodeStatus status, Map<String, Object> spec) {
    List<OwnerReference> owners =
        nodeUid
            .map(
                uid ->
                    List.of(
                        new OwnerReferenceBuilder()
                            .withApiVersion("v1")
                            .withKind("Node")
                            .withName(status.node())
                            .withUid(uid)
                            .build()))
            .orElse(List.of());
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(GROUP + "/" + VERSION)
        .withKind("NodeFixStatus")
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(
            Map.of(FIX_LABEL, status.fix(), NODE_LABEL, NodeFixLabels.labelValue(status.node())))
        .withOwnerReferences(owners)
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }
}
