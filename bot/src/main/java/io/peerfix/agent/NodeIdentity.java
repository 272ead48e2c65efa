package io.peerfix.agent;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.peerfix.common.UserInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The agent's own Node: its uid (what owns the agent's status and facts objects, so they go with
 * the Node) and its labels (for fixes that select nodes by label), read at start and again at most
 * every {@link #REFRESH}: one {@code get} of one Node, never a list.
 */
public final class NodeIdentity implements Supplier<Map<String, String>> {
  static final Duration REFRESH = Duration.ofMinutes(1);

  private final KubernetesClient client;
  private final String name;
  private final Clock clock;
  private final String uid;
  private Map<String, String> labels;
  private Instant readAt;

  public NodeIdentity(KubernetesClient client, String name, Clock clock) {
    this.client = client;
    this.name = name;
    this.clock = clock;
    Node node = client.nodes().withName(name).get();
    if (node == null) {
      throw new UserInputException(
          "there is no Node named '"
              + name
              + "': give the agent its node's name (--node-name, or NODE_NAME from spec.nodeName)");
    }
    this.uid = node.getMetadata().getUid();
    this.labels = labelsOf(node);
    this.readAt = clock.instant();
  }

  public String uid() {
    return uid;
  }

  /** The Node's labels, read again when the last read is older than {@link #REFRESH}. */
  @Override
  public synchronized Map<String, String> get() {
    Instant now = clock.instant();
    if (!now.isBefore(readAt.plus(REFRESH))) {
      readAt = now;
      try {
        Node node = client.nodes().withName(name).get();
        if (node != null) {
          labels = labelsOf(node);
        }
      } catch (RuntimeException e) {
        // The labels of a minute ago are a good answer until the API server answers again.
      }
    }
    return labels;
  }

  private static Map<String, String> labelsOf(Node node) {
    Map<String, String> labels = node.getMetadata().getLabels();
    return labels == null ? Map.of() : Map.copyOf(labels);
  }
}
