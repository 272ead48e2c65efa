package io.peerfix.k8s;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.peerfix.facts.NodeDirectory;
import io.peerfix.facts.NodeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The cluster's nodes from the Kubernetes API, read in pages ({@code limit}/{@code continue}) so a
 * large cluster costs one call per page, optionally narrowed by a label selector (e.g. {@code
 * node-role.kubernetes.io/worker}).
 */
public final class KubernetesNodeDirectory implements NodeDirectory {
  private final KubernetesClient client;
  private final String labelSelector;
  private final long pageSize;

  /**
   * @param labelSelector a Kubernetes label selector, or null for every node
   * @param pageSize nodes per list call (the API server caps it anyway)
   */
  public KubernetesNodeDirectory(KubernetesClient client, String labelSelector, long pageSize) {
    this.client = Objects.requireNonNull(client, "client");
    this.labelSelector = labelSelector == null || labelSelector.isBlank() ? null : labelSelector;
    if (pageSize < 1) {
      throw new IllegalArgumentException("page size must be positive, was " + pageSize);
    }
    this.pageSize = pageSize;
  }

  @Override
  public List<NodeInfo> nodes() {
    List<NodeInfo> nodes = new ArrayList<>();
    String token = null;
    do {
      NodeList page =
          client
              .nodes()
              .list(
                  new ListOptionsBuilder()
                      .withLabelSelector(labelSelector)
                      .withLimit(pageSize)
                      .withContinue(token)
                      .build());
      page.getItems().forEach(node -> nodes.add(toInfo(node)));
      token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (token != null && !token.isEmpty());
    return nodes;
  }

  static NodeInfo toInfo(Node node) {
    List<String> internal =
        node.getStatus() == null || node.getStatus().getAddresses() == null
            ? List.of()
            : node.getStatus().getAddresses().stream()
                .filter(a -> "InternalIP".equals(a.getType()))
                .map(NodeAddress::getAddress)
                .toList();
    String podCidr = node.getSpec() == null ? null : node.getSpec().getPodCIDR();
    Map<String, String> labels = node.getMetadata().getLabels();
    return new NodeInfo(
        node.getMetadata().getName(), internal, podCidr, labels == null ? Map.of() : labels);
  }
}
