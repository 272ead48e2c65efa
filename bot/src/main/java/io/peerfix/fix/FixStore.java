package io.peerfix.fix;

import java.util.List;
import java.util.Optional;

/**
 * Where fixes live between processes: the proposal with its approval record and history (one {@link
 * FixRecord} per fix, updated with optimistic concurrency) and the per-node progress (one {@link
 * NodeStatus} per node and fix, each written only by its node's agent, never contended).
 *
 * <p>Implementations: the lab's file store and the Kubernetes store ({@code NodeFix} resources and
 * per-node status objects).
 */
public interface FixStore {

  /** Stores a new fix; false if a fix of that name exists already (nothing is changed then). */
  boolean create(FixRecord fix);

  Optional<Versioned<FixRecord>> get(String name);

  List<Versioned<FixRecord>> list();

  /**
   * Replaces fix {@code fix.name()} if it is still at {@code expectedVersion}; false if someone
   * changed it since (read again and decide again) or it is gone.
   */
  boolean update(FixRecord fix, String expectedVersion);

  /** Writes one node's status for one fix (the agent's own object: last writer wins). */
  void putNodeStatus(NodeStatus status);

  /** Every node's status for fix {@code name}. */
  List<NodeStatus> nodeStatuses(String name);

  /** Thrown by a store that cannot be read or written; the message says what and why. */
  final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
