package io.peerfix.fixstore;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixStore;
import io.peerfix.fix.NodeStatus;
import io.peerfix.fix.Versioned;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's view of the fixes, kept by two filtered watches instead of listing: the fixes for
 * every node ({@code peerfix.io/scope=every-node}) and those naming this node (its {@link
 * NodeFixLabels#nodeKey node label}). So a fix for other named nodes never reaches this agent, and
 * reading the fixes each second costs no API call: {@link #list()} answers from the watches' cache.
 * Node statuses are written through the cluster store (its own object, owned by its Node).
 *
 * <p>A NodeFix that is not valid (its digest does not match its content) is left out and logged
 * once per version: the agent never acts on it.
 */
public final class NodeFixWatch implements FixStore, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeFixWatch.class);

  private final KubernetesFixStore store;
  private final List<SharedIndexInformer<GenericKubernetesResource>> informers;
  private final Map<String, Versioned<FixRecord>> decoded = new ConcurrentHashMap<>();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();

  private NodeFixWatch(
      KubernetesFixStore store, List<SharedIndexInformer<GenericKubernetesResource>> informers) {
    this.store = store;
    this.informers = informers;
  }

  /**
   * Starts both watches for {@code node} in {@code namespace}; statuses go through {@code store}.
   */
  public static NodeFixWatch start(
      KubernetesClient client, String namespace, String node, KubernetesFixStore store) {
    var fixes = client.genericKubernetesResources(KubernetesFixStore.FIXES).inNamespace(namespace);
    List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();
    informers.add(fixes.withLabel(NodeFixLabels.SCOPE, NodeFixLabels.EVERY_NODE).inform());
    informers.add(fixes.withLabel(NodeFixLabels.nodeKey(node)).inform());
    return new NodeFixWatch(store, informers);
  }

  /** Waits until both watches have their first list; false if {@code limit} passed first. */
  public boolean awaitSynced(Duration limit) throws InterruptedException {
    for (var informer : informers) {
      try {
        informer.start().toCompletableFuture().get(limit.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        return false;
      }
    }
    return informers.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  @Override
  public List<Versioned<FixRecord>> list() {
    List<Versioned<FixRecord>> all = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (var informer : informers) {
      for (GenericKubernetesResource r : informer.getStore().list()) {
        if (seen.add(r.getMetadata().getName())) {
          decode(r).ifPresent(all::add);
        }
      }
    }
    decoded.keySet().retainAll(seen);
    all.sort(Comparator.comparing(v -> v.value().proposedAt()));
    return all;
  }

  /** The fix from the cache, decoded once per resourceVersion. */
  private Optional<Versioned<FixRecord>> decode(GenericKubernetesResource r) {
    String name = r.getMetadata().getName();
    String version = r.getMetadata().getResourceVersion();
    Versioned<FixRecord> known = decoded.get(name);
    if (known != null && known.version().equals(version)) {
      return Optional.of(known);
    }
    try {
      Versioned<FixRecord> fresh = store.versioned(r);
      decoded.put(name, fresh);
      return Optional.of(fresh);
    } catch (IllegalArgumentException e) {
      decoded.remove(name);
      if (refused.add(name + "@" + version)) {
        LOG.warn("ignoring NodeFix {}: {}", name, e.getMessage());
      }
      return Optional.empty();
    }
  }

  @Override
  public Optional<Versioned<FixRecord>> get(String name) {
    return list().stream().filter(v -> v.value().name().equals(name)).findFirst();
  }

  @Override
  public boolean create(FixRecord fix) {
    throw new UnsupportedOperationException("an agent never proposes a fix");
  }

  @Override
  public boolean update(FixRecord fix, String expectedVersion) {
    throw new UnsupportedOperationException("an agent never changes a fix");
  }

  @Override
  public void putNodeStatus(NodeStatus status) {
    store.putNodeStatus(status);
  }

  @Override
  public List<NodeStatus> nodeStatuses(String name) {
    throw new UnsupportedOperationException("an agent reads no other node's status");
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
