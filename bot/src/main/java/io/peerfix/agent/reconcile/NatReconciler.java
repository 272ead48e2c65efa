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
 *
 * <p>With {@link TableStamps} the idle probe first asks the kernel for the table's stamp (in
 * microseconds) and lists the chains only when it differs from the stamp taken before the last
 * listing; the stamp is read before the listing, so a write that lands during the listing moves the
 * next stamp and is listed then.
 */
public final class NatReconciler {
  private final NatTableAccess table;
  private final NodeLock lock;
  private final Clock clock;
  private final TableStamps stamps;
  private Optional<TableStamp> listedStamp = Optional.empty();
  private String listedPrint = "";

  public NatReconciler(NatTableAccess table, NodeLock lock) {
    this(table, lock, Clock.systemUTC());
  }

  /** A reconciler timing its checks on {@code clock} (tests move it), listing at every probe. */
  public NatReconciler(NatTableAccess table, NodeLock lock, Clock clock) {
    this(table, lock, clock, TableStamps.none("no stamps asked for"));
  }

  /** A reconciler whose probe lists the chains only when the kernel's {@code stamps} moved. */
  public NatReconciler(NatTableAccess table, NodeLock lock, Clock clock, TableStamps stamps) {
    this.table = table;
    this.lock = lock;
    this.clock = clock;
    this.stamps = stamps;
  }

  /** How the probe notices a change, for the agent's log. */
  public String changeDetection() {
    return stamps.describe();
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
   * nothing that decides the pod-to-target packet before peerfix's jump has changed. When the
   * kernel's stamp has not moved since the last listing that succeeded, that listing's fingerprint
   * is the answer and nothing is listed.
   */
  public Probe probe() {
    Instant start = clock.instant();
    Optional<TableStamp> stamp = stamps.read();
    if (stamp.isPresent() && stamp.equals(listedStamp)) {
      return new Probe(listedPrint, Duration.between(start, clock.instant()), false);
    }
    List<ChainListing> listings = new ArrayList<>(List.of(table.list(PeerfixChains.HOOK)));
    if (table.listsOneChainCheaply()) {
      listings.add(table.list(PeerfixChains.CHAIN));
    }
    StringBuilder print = new StringBuilder();
    listings.forEach(l -> print.append(l.fingerprint()));
    boolean failed = listings.stream().anyMatch(l -> l.error().isPresent());
    listedStamp = failed ? Optional.empty() : stamp; // a failed listing is listed again
    listedPrint = print.toString();
    return new Probe(listedPrint, Duration.between(start, clock.instant()), true);
  }

  /**
   * One look at peerfix's part of the table: what it saw, how long the look took, and whether it
   * listed chains or the kernel's stamp said nothing had been written since the last listing.
   */
  public record Probe(String fingerprint, Duration cost, boolean listed) {}

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
