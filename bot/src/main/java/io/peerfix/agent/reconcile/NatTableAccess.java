package io.peerfix.agent.reconcile;

import io.peerfix.exec.CommandResult;

/**
 * The node's nat table, as the reconciler reads and writes it: the whole table as text, one atomic
 * {@code iptables-restore --noflush} write, and a cheap check that one chain exists.
 */
public interface NatTableAccess {
  /** {@code iptables-save -t nat}; a failure is a result, not an exception. */
  CommandResult save();

  /** Applies {@code payload} with {@code iptables-restore --noflush} under the xtables lock. */
  CommandResult restore(String payload);

  /** Whether {@code chain} exists in the nat table, without reading the rest of it. */
  boolean chainExists(String chain);

  /** The first rule of {@code chain} ({@code iptables -S CHAIN 1}), empty when it has none. */
  String firstRule(String chain);

  /** {@code ipset save NAME}, for sets the nat rules match on; empty when not readable. */
  String ipset(String name);
}
