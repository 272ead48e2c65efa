package io.peerfix.k8s;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.peerfix.facts.NodeDirectory;
import io.peerfix.facts.NodeInfo;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
    // IPv6 addresses and ranges of a dual-stack node are left out: the model is IPv4.
    List<Ipv4> internal =
        node.getStatus() == null || node.getStatus().getAddresses() == null
            ? List.of()
            : node.getStatus().getAddresses().stream()
                .filter(a -> "InternalIP".equals(a.getType()))
                .map(NodeAddress::getAddress)
                .map(Ipv4::tryParse)
                .flatMap(Optional::stream)
                .toList();
    Cidr podCidr = podCidr(node);
    Map<String, String> labels = node.getMetadata().getLabels();
    return new NodeInfo(
        node.getMetadata().getName(), internal, podCidr, labels == null ? Map.of() : labels);
  }

  /** The node's IPv4 pod range: the first IPv4 one of {@code podCIDRs}, else {@code podCIDR}. */
  private static Cidr podCidr(Node node) {
    if (node.getSpec() == null) {
      return null;
    }
    List<String> all = new ArrayList<>();
    if (node.getSpec().getPodCIDRs() != null) {
      all.addAll(node.getSpec().getPodCIDRs());
    }
    if (node.getSpec().getPodCIDR() != null) {
      all.add(node.getSpec().getPodCIDR());
    }
    return all.stream().map(Cidr::tryParse).flatMap(Optional::stream).findFirst().orElse(null);
  }
}
