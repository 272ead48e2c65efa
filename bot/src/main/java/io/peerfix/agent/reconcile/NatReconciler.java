package io.peerfix.agent.reconcile;

import io.peerfix.exec.CommandResult;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Brings the node's nat table to the desired peerfix rules: reads the table, plans, and when
 * something differs takes the {@link NodeLock}, reads again (another agent may have written
 * meanwhile), re-plans and writes the plan as one {@code iptables-restore --noflush} payload, which
 * the kernel applies all or nothing. A table already in sync costs one read and no write, so passes
 * are idempotent and cheap to repeat.
 */
public final class NatReconciler {
  private final NatTableAccess table;
  private final NodeLock lock;

  public NatReconciler(NatTableAccess table, NodeLock lock) {
    this.table = table;
    this.lock = lock;
  }

  /** One pass towards {@code desired}; with {@code dryRun}, only says what it would change. */
  public Pass reconcile(Collection<DesiredRule> desired, boolean dryRun) {
    CommandResult read = table.save();
    if (!read.ok()) {
      return Pass.failed(List.of(), "", read.describeFailure());
    }
    RestorePlan plan = RestorePlan.between(NatSnapshot.parse(read.stdout()), desired);
    if (plan.inSync() || dryRun) {
      return new Pass(plan.changes(), false, read.stdout(), Optional.empty());
    }
    return lock.holding(() -> write(desired));
  }

  /** Whether the canary chain is still there: false means the table was flushed or restored. */
  public boolean canaryPresent() {
    return table.chainExists(PeerfixChains.CANARY);
  }

  /**
   * The first rule of POSTROUTING: when it changes, someone inserted above peerfix's jump (Felix in
   * insert mode does on every refresh) and which rule decides must be asked again.
   */
  public String firstHookRule() {
    return table.firstRule(PeerfixChains.HOOK);
  }

  /** {@code ipset save NAME}, for the NAT engine's look at sets the rules match on. */
  public String ipset(String name) {
    return table.ipset(name);
  }

  private Pass write(Collection<DesiredRule> desired) {
    CommandResult reread = table.save();
    if (!reread.ok()) {
      return Pass.failed(List.of(), "", reread.describeFailure());
    }
    RestorePlan plan = RestorePlan.between(NatSnapshot.parse(reread.stdout()), desired);
    if (plan.inSync()) {
      return new Pass(List.of(), false, reread.stdout(), Optional.empty());
    }
    CommandResult restore = table.restore(plan.payload());
    if (!restore.ok()) {
      return Pass.failed(plan.changes(), reread.stdout(), restore.describeFailure());
    }
    CommandResult after = table.save();
    if (!after.ok()) {
      return Pass.failed(plan.changes(), "", after.describeFailure());
    }
    return new Pass(plan.changes(), true, after.stdout(), Optional.empty());
  }
}
