package io.peerfix.agent;

import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixStore;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeStatus;
import io.peerfix.fix.Versioned;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link FixStore} that passes everything through and remembers the node statuses written through
 * it, last per fix: what {@code agent run --once} reports and bases its exit code on, from the very
 * values its pass wrote (a fresh agent writes every fix it acted on).
 */
final class StatusRecorder implements FixStore {
  private final FixStore store;
  private final Map<String, NodeStatus> written = new LinkedHashMap<>();

  StatusRecorder(FixStore store) {
    this.store = store;
  }

  /** The statuses written, one per fix, in the order the fixes were first written. */
  synchronized List<NodeStatus> written() {
    return new ArrayList<>(written.values());
  }

  /**
   * The statuses that say the fix is not in effect on this node: FAILED (a refused rule shape
   * included) or OVERRIDDEN by another manager's rule.
   */
  synchronized List<NodeStatus> notInEffect() {
    return written.values().stream()
        .filter(s -> s.state() == NodeFixState.FAILED || s.state() == NodeFixState.OVERRIDDEN)
        .toList();
  }

  @Override
  public boolean create(FixRecord fix) {
    return store.create(fix);
  }

  @Override
  public Optional<Versioned<FixRecord>> get(String name) {
    return store.get(name);
  }

  @Override
  public List<Versioned<FixRecord>> list() {
    return store.list();
  }

  @Override
  public boolean update(FixRecord fix, String expectedVersion) {
    return store.update(fix, expectedVersion);
  }

  @Override
  public void putNodeStatus(NodeStatus status) {
    store.putNodeStatus(status);
    synchronized (this) {
      written.put(status.fix(), status);
    }
  }

  @Override
  public List<NodeStatus> nodeStatuses(String name) {
    return store.nodeStatuses(name);
  }
}
