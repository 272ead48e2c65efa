package io.peerfix.k8s;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Deletes probe pods older than a given age: the ones a bot left behind when it crashed between
 * creating and deleting them (and whose owner, if any, still exists). Finds them by the probe
 * label, so it never touches other pods.
 */
public final class ProbePodSweeper {
  private final KubernetesClient client;
  private final String namespace;
  private final Clock clock;

  public ProbePodSweeper(KubernetesClient client, String namespace, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Deletes probe pods created more than {@code maxAge} ago and returns their names. */
  public List<String> sweep(Duration maxAge) {
    Instant cutoff = clock.instant().minus(maxAge);
    List<String> old =
        client
            .pods()
            .inNamespace(namespace)
            .withLabel(ProbePodFactory.NAME_LABEL, ProbePodFactory.NAME_VALUE)
            .list()
            .getItems()
            .stream()
            .filter(pod -> createdBefore(pod, cutoff))
            .map(pod -> pod.getMetadata().getName())
            .sorted()
            .toList();
    old.forEach(
        name -> client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete());
    return old;
  }

  private static boolean createdBefore(Pod pod, Instant cutoff) {
    String created = pod.getMetadata().getCreationTimestamp();
    return created != null && Instant.parse(created).isBefore(cutoff);
  }
}
