package io.peerfix.agent.reconcile;

import io.peerfix.common.Counted;
import io.peerfix.exec.CommandResult;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.fix.FixStore;
import io.peerfix.fix.NatRule;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeStatus;
import io.peerfix.fix.Refusal;
import io.peerfix.fix.RuleShapes;
import io.peerfix.fix.Versioned;
import io.peerfix.net.Cidr;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One node's fix agent: from the fixes in the store, the rules this node should carry (approved,
 * selected, reached by the rollout, and of an allowed shape on this very node: checked again here,
 * so a fix written straight into the store with a forbidden rule is refused), reconciled into the
 * nat table, each fix judged by the NAT engine, and this node's status per fix written when it
 * changes.
 *
 * <p>{@link #tick()} is cheap and meant to run every second. It passes when the fixes changed, when
 * the probe of {@code POSTROUTING} and peerfix's chain sees something different from what the last
 * pass left (a flushed or restored table, a rule inserted above the jump), when a failed pass is
 * due for its retry, and at the full interval; the pace of each is in {@link CheckSchedule}, and
 * the probe lists chains only when the kernel's stamp of the table moved ({@link TableStamps}). A
 * pass reads only peerfix's part of the table to plan and write; the whole table, which the NAT
 * engine needs to say which rule decides, is read after every write, when the probe saw a change,
 * and at the full interval, never while the table stays as the last judgement saw it.
 */
public final class FixAgent {
  /** The shortest time between two probes of the table (nf_tables nodes probe this often). */
  public static final Duration PROBE_INTERVAL = CheckSchedule.PROBE_MIN;

  /** The shortest time between two whole-table judgements when nothing changed. */
  public static final Duration FULL_INTERVAL = CheckSchedule.FULL_MIN;

  private final String node;
  private final Supplier<Map<String, String>> labels;
  private final FixStore store;
  private final NatReconciler reconciler;
  private final NodeInspector inspector;
  private final Optional<Cidr> podCidr;
  private final Clock clock;
  private final boolean dryRun;

  private final Map<String, FixProgress> progress = new HashMap<>();
  private final CheckSchedule schedule = new CheckSchedule();
  private Map<String, String> lastWanted;
  private String lastPrint = "";
  private String judgedPrint;
  private Map<String, String> judgedDigests = Map.of();

  /** The agent's wiring: who it is and what it talks to. */
  public record Wiring(
      String node,
      Supplier<Map<String, String>> labels,
      FixStore store,
      NatReconciler reconciler,
      NodeInspector inspector,
      Optional<Cidr> podCidr,
      Clock clock,
      boolean dryRun) {}

  public FixAgent(Wiring w) {
    this.node = w.node();
    this.labels = w.labels();
    this.store = w.store();
    this.reconciler = w.reconciler();
    this.inspector = w.inspector();
    this.podCidr = w.podCidr();
    this.clock = w.clock();
    this.dryRun = w.dryRun();
  }

  /** How many times, in all, this agent put back rules of an applied fix (for metrics). */
  public int repairsTotal() {
    return progress.values().stream().mapToInt(FixProgress::repairs).sum();
  }

  /** How many times, in all, this agent read and judged the whole table. */
  public long judgements() {
    return schedule.judgements();
  }

  /** Runs a pass if the fixes changed, the probe saw a change, a retry or the full check is due. */
  public Optional<Pass> tick() {
    List<FixRecord> fixes = store.list().stream().map(Versioned::value).toList();
    Map<String, String> wanted = wantedDigests(fixes);
    Instant now = clock.instant();
    boolean changed = !wanted.equals(lastWanted);
    boolean full = schedule.fullDue(now);
    if (!changed && !full && !schedule.retryDue(now)) {
      if (schedule.failing() || !carrying(wanted) || !schedule.probeDue(now)) {
        return Optional.empty();
      }
      NatReconciler.Probe probe = reconciler.probe();
      schedule.probed(now, probe.cost());
      if (probe.fingerprint().equals(lastPrint)) {
        return Optional.empty();
      }
    }
    lastWanted = wanted;
    Pass pass = pass(fixes, full);
    if (full) {
      schedule.fullPassed(clock.instant());
    }
    schedule.passEnded(clock.instant(), pass.error().isPresent());
    return Optional.of(pass);
  }

  private boolean carrying(Map<String, String> wanted) {
    return !dryRun && wanted.values().stream().anyMatch(w -> w.endsWith("/true"));
  }

  /** One full pass over {@code fixes}, whatever changed, judging each fix on the whole table. */
  public Pass pass(List<FixRecord> fixes) {
    return pass(fixes, true);
  }

  private Pass pass(List<FixRecord> fixes, boolean judgeAnyway) {
    NodeInspector.Inspection inspection = inspector.inspect(node);
    if (inspection.error().isPresent()) {
      // Nothing is refused, written or removed on an inspection that failed; the retry judges
      // again what this pass reported failed.
      judgedPrint = null;
      Pass failed = Pass.failed(List.of(), inspection.error().get());
      fixes.stream()
          .filter(f -> f.wantedOn(node, labels.get()))
          .forEach(f -> failed(f, failed.error().get()));
      return failed;
    }
    Map<String, FixRecord> accepted = new LinkedHashMap<>();
    List<DesiredRule> desired = new ArrayList<>();
    for (FixRecord fix : fixes) {
      if (!fix.wantedOn(node, labels.get())) {
        continue;
      }
      Optional<Refusal> refusal = refusal(fix, inspection);
      if (refusal.isPresent()) {
        failed(fix, "refused: " + refusal.get().message());
        continue;
      }
      accepted.put(fix.name(), fix);
      fix.fix().rules().forEach(r -> desired.add(new DesiredRule(fix.name(), r.iptablesArgs())));
    }
    Pass pass = reconciler.reconcile(desired, dryRun);
    String print = "";
    if (!dryRun) {
      NatReconciler.Probe after = reconciler.probe(); // what the next probes compare with
      schedule.probed(clock.instant(), after.cost());
      print = after.fingerprint();
    }
    lastPrint = print;
    for (FixRecord fix : accepted.values()) {
      FixProgress p = progress(fix);
      if (pass.wrote() && p.wasApplied(fix.digest()) && pass.restored(fix.name())) {
        p.repaired();
      }
    }
    Map<String, String> digests = new LinkedHashMap<>();
    accepted.values().forEach(f -> digests.put(f.name(), f.digest()));
    boolean judge =
        pass.wrote()
            || judgeAnyway
            || !print.equals(judgedPrint)
            || !judgedDigests.equals(digests)
            || pass.error().isPresent();
    if (judge && !accepted.isEmpty()) {
      pass = judgeAll(accepted.values(), pass, inspection, print, digests);
    }
    for (FixRecord fix : fixes) {
      boolean wasHere = progress(fix).reported() || selected(fix);
      if (fix.state() == FixState.REVERTED && wasHere && pass.error().isEmpty() && !dryRun) {
        report(fix, NodeFixState.REVERTED, Optional.empty(), "", "peerfix's rules removed");
      }
    }
    return pass;
  }

  /** Reads the whole table once and judges every accepted fix on it. */
  private Pass judgeAll(
      Collection<FixRecord> accepted,
      Pass pass,
      NodeInspector.Inspection inspection,
      String print,
      Map<String, String> digests) {
    Optional<String> table = Optional.empty();
    Instant start = clock.instant();
    if (pass.error().isEmpty() && !dryRun) {
      CommandResult whole = reconciler.wholeTable();
      if (!whole.ok()) {
        pass = pass.withError(whole.describeFailure());
      } else {
        table = Optional.of(whole.stdout());
        judgedPrint = print;
        judgedDigests = digests;
      }
    }
    for (FixRecord fix : accepted) {
      judge(fix, pass, inspection, table.orElse(""));
    }
    if (table.isPresent()) {
      // The read and the NAT engine's parse both count: on a 140,000-line table the parse alone
      // takes seconds of CPU.
      schedule.fullRead(clock.instant(), Duration.between(start, clock.instant()));
    }
    return pass;
  }

  private FixProgress progress(FixRecord fix) {
    return progress.computeIfAbsent(fix.name(), n -> new FixProgress());
  }

  /** Whether this node may have carried the fix: approved once and selecting this node. */
  private boolean selected(FixRecord fix) {
    return fix.approval().isPresent()
        && fix.selector().matches(node, labels.get(), java.util.Set.copyOf(fix.fix().nodes()));
  }

  private Map<String, String> wantedDigests(List<FixRecord> fixes) {
    Map<String, String> wanted = new LinkedHashMap<>();
    for (FixRecord fix : fixes) {
      wanted.put(
          fix.name(), fix.state() + "/" + fix.rollout() + "/" + fix.wantedOn(node, labels.get()));
    }
    return wanted;
  }

  private static Optional<Refusal> refusal(FixRecord fix, NodeInspector.Inspection inspection) {
    for (NatRule rule : fix.fix().rules()) {
      Optional<Refusal> refusal = RuleShapes.check(rule, fix.allowed(), inspection.view());
      if (refusal.isPresent()) {
        return refusal;
      }
    }
    return Optional.empty();
  }

  private void judge(
      FixRecord fix, Pass pass, NodeInspector.Inspection inspection, String natTable) {
    if (pass.error().isPresent()) {
      failed(fix, pass.error().get());
      return;
    }
    if (dryRun) {
      report(
          fix,
          NodeFixState.PENDING,
          Optional.empty(),
          "",
          "dry run: " + Counted.of(pass.changes().size(), "change") + " would be made");
      return;
    }
    Optional<PodToTarget> packet = PodToTarget.of(fix, inspection, podCidr);
    if (packet.isEmpty()) {
      failed(
          fix,
          "pod range unknown (no cbr0/cni0 bridge): cannot check which rule decides; pass --pod-cidr");
      return;
    }
    NodeFixReport report =
        DecisionCheck.judge(
            fix.name(), natTable, packet.get().packet(), packet.get().context(), reconciler::ipset);
    report(
        fix,
        report.state(),
        report.decidingRule(),
        report.manager().displayName(),
        report.detail());
  }

  private void failed(FixRecord fix, String detail) {
    report(fix, NodeFixState.FAILED, Optional.empty(), "", detail);
  }

  private void report(
      FixRecord fix, NodeFixState state, Optional<String> rule, String manager, String detail) {
    FixProgress p = progress(fix);
    Optional<NodeStatus> status = p.next(fix, node, state, rule, manager, detail, clock.instant());
    if (status.isPresent()) {
      store.putNodeStatus(status.get());
      p.written(status.get());
    }
  }
}
