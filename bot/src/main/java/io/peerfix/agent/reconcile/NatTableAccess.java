package io.peerfix.agent.reconcile;

import io.peerfix.exec.CommandResult;

/**
 * The node's nat table, as the reconciler reads and writes it: the whole table as text (costly on a
 * big table, so read only to judge), one chain at a time (what the idle checks and the reconciler's
 * plan use), and one atomic {@code iptables-restore --noflush} write.
 */
public interface NatTableAccess {
  /** {@code iptables-save -t nat}; a failure is a result, not an exception. */
  CommandResult save();

  /** Applies {@code payload} with {@code iptables-restore --noflush} under the xtables lock. */
  CommandResult restore(String payload);

  /** {@code iptables -t nat -S CHAIN}: the chain's rules, or that it does not exist. */
  ChainListing list(String chain);

  /**
   * Whether listing one chain costs far less than reading the whole table. True on nf_tables, which
   * fetches only the chain asked for; false on legacy iptables, where every read, even of one
   * chain, copies the whole table out of the kernel.
   */
  boolean listsOneChainCheaply();

  /** {@code ipset save NAME}, for sets the nat rules match on; empty when not readable. */
  String ipset(String name);
}
