package io.peerfix.fixstore;

import io.peerfix.fix.FixEvent;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixStore;
import io.peerfix.fix.NodeStatus;
import io.peerfix.fix.Versioned;
import io.peerfix.metrics.PeerfixMetrics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fix store that counts the fixes' events as they are written ({@code peerfix_fixes_total}:
 * proposed, approved, applied, reverted), whoever writes them (the Slack buttons, the schedules,
 * the rollout): a new record's events, and the events an update adds to the version it replaces.
 * Everything else passes through unchanged.
 */
public final class MeteredFixStore implements FixStore {
  private final FixStore store;
  private final PeerfixMetrics metrics;

  /** The last version read of each fix, to tell which events an update adds. */
  private final Map<String, Versioned<FixRecord>> read = new ConcurrentHashMap<>();

  public MeteredFixStore(FixStore store, PeerfixMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  @Override
  public boolean create(FixRecord fix) {
    boolean created = store.create(fix);
    if (created) {
      count(fix.events(), List.of());
    }
    return created;
  }

  @Override
  public Optional<Versioned<FixRecord>> get(String name) {
    Optional<Versioned<FixRecord>> found = store.get(name);
    found.ifPresent(v -> read.put(name, v));
    return found;
  }

  @Override
  public List<Versioned<FixRecord>> list() {
    List<Versioned<FixRecord>> all = store.list();
    all.forEach(v -> read.put(v.value().name(), v));
    return all;
  }

  @Override
  public boolean update(FixRecord fix, String expectedVersion) {
    Versioned<FixRecord> before = read.get(fix.name());
    if (before == null || !before.version().equals(expectedVersion)) {
      before = store.get(fix.name()).filter(v -> v.version().equals(expectedVersion)).orElse(null);
    }
    boolean updated = store.update(fix, expectedVersion);
    if (updated) {
      count(fix.events(), before == null ? List.of() : before.value().events());
    }
    return updated;
  }

  @Override
  public void putNodeStatus(NodeStatus status) {
    store.putNodeStatus(status);
  }

  @Override
  public List<NodeStatus> nodeStatuses(String name) {
    return store.nodeStatuses(name);
  }

  private void count(List<FixEvent> events, List<FixEvent> known) {
    for (FixEvent event : events) {
      if (known.contains(event)) {
        continue;
      }
      switch (event.kind()) {
        case PROPOSED -> metrics.fix(PeerfixMetrics.FixEvent.PROPOSED);
        case APPROVED -> metrics.fix(PeerfixMetrics.FixEvent.APPROVED);
        case APPLIED -> metrics.fix(PeerfixMetrics.FixEvent.APPLIED);
        case REVERTED -> metrics.fix(PeerfixMetrics.FixEvent.REVERTED);
        default -> {
          // Refusals, verifications and expiries are in the fix's history, not counted here.
        }
      }
    }
  }
}
