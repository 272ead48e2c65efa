package io.peerfix.agent.reconcile;

import io.peerfix.exec.CommandResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Brings the node's nat table to the desired peerfix rules: reads peerfix's part of the table,
 * plans, and when something differs takes the {@link NodeLock}, reads again (another agent may have
 * written meanwhile), re-plans and writes the plan as one {@code iptables-restore --noflush}
 * payload, which the kernel applies all or nothing. A table already in sync costs one read and no
 * write, so passes are idempotent and cheap to repeat.
 *
 * <p>peerfix's part is {@code POSTROUTING} (where the jump is) and peerfix's chains. On nf_tables
 * they are listed chain by chain, which costs milliseconds whatever the table's size; on legacy
 * iptables, where any read copies the whole table out of the kernel, one {@code iptables-save} is
 * the cheapest way to see them. The whole table, for the NAT engine's judgement, is a separate and
 * deliberate read ({@link #wholeTable()}).
 */
public final class NatReconciler {
  private final NatTableAccess table;
  private final NodeLock lock;
  private final Clock clock;

  public NatReconciler(NatTableAccess table, NodeLock lock) {
    this(table, lock, Clock.systemUTC());
  }

  /** A reconciler timing its checks on {@code clock} (tests move it). */
  public NatReconciler(NatTableAccess table, NodeLock lock, Clock clock) {
    this.table = table;
    this.lock = lock;
    this.clock = clock;
  }

  /** One pass towards {@code desired}; with {@code dryRun}, only says what it would change. */
  public Pass reconcile(Collection<DesiredRule> desired, boolean dryRun) {
    Read read = readPart();
    if (read.error().isPresent()) {
      return Pass.failed(List.of(), read.error().get());
    }
    RestorePlan plan = RestorePlan.between(read.snapshot(), desired);
    if (plan.inSync() || dryRun) {
      return new Pass(plan.changes(), false, Optional.empty());
    }
    return lock.holding(() -> write(desired));
  }

  /**
   * What the idle check compares between two looks, and what the look cost: {@code POSTROUTING}'s
   * rules (the jump, and anything inserted above it; a flushed or restored table loses the jump)
   * and, where listing one chain is cheap, peerfix's chain's rules. Two equal fingerprints mean
   * nothing that decides the pod-to-target packet before peerfix's jump has changed.
   */
  public Probe probe() {
    Instant start = clock.instant();
    StringBuilder print = new StringBuilder(table.list(PeerfixChains.HOOK).fingerprint());
    if (table.listsOneChainCheaply()) {
      print.append(table.list(PeerfixChains.CHAIN).fingerprint());
    }
    return new Probe(print.toString(), Duration.between(start, clock.instant()));
  }

  /** One look at peerfix's part of the table: what it saw, and how long the look took. */
  public record Probe(String fingerprint, Duration cost) {}

  /** The whole nat table, for the NAT engine: seconds of CPU on a big nf_tables table. */
  public CommandResult wholeTable() {
    return table.save();
  }

  /** {@code ipset save NAME}, for the NAT engine's look at sets the rules match on. */
  public String ipset(String name) {
    return table.ipset(name);
  }

  private record Read(NatSnapshot snapshot, Optional<String> error) {}

  private Read readPart() {
    if (!table.listsOneChainCheaply()) {
      CommandResult save = table.save();
      return save.ok()
          ? new Read(NatSnapshot.parse(save.stdout()), Optional.empty())
          : new Read(null, Optional.of(save.describeFailure()));
    }
    List<ChainListing> listings = new ArrayList<>();
    for (String chain : List.of(PeerfixChains.HOOK, PeerfixChains.CHAIN, PeerfixChains.CANARY)) {
      ChainListing listing = table.list(chain);
      if (listing.error().isPresent()) {
        return new Read(null, listing.error());
      }
      listings.add(listing);
    }
    return new Read(NatSnapshot.ofListings(listings), Optional.empty());
  }

  private Pass write(Collection<DesiredRule> desired) {
    Read reread = readPart();
    if (reread.error().isPresent()) {
      return Pass.failed(List.of(), reread.error().get());
    }
    RestorePlan plan = RestorePlan.between(reread.snapshot(), desired);
    if (plan.inSync()) {
      return new Pass(List.of(), false, Optional.empty());
    }
    CommandResult restore = table.restore(plan.payload());
    if (!restore.ok()) {
      return Pass.failed(plan.changes(), restore.describeFailure());
    }
    return new Pass(plan.changes(), true, Optional.empty());
  }
}
