package io.peerfix.agent.reconcile;

import io.peerfix.common.Counted;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.fix.FixStore;
import io.peerfix.fix.NatRule;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeStatus;
import io.peerfix.fix.Refusal;
import io.peerfix.fix.RuleShapes;
import io.peerfix.fix.Versioned;
import io.peerfix.nat.NodeContext;
import io.peerfix.nat.Packet;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * <p>{@link #tick()} is cheap and meant to run every second: it acts when the fixes changed, when
 * the canary chain is gone or the first rule of POSTROUTING changed (someone inserted above the
 * jump; both checked every {@link #CANARY_INTERVAL} with two one-chain reads), and at the latest
 * every {@link #FULL_INTERVAL}; so a flushed or restored table is repaired, and an override
 * reported, within a few seconds.
 */
public final class FixAgent {
  public static final Duration CANARY_INTERVAL = Duration.ofSeconds(3);
  public static final Duration FULL_INTERVAL = Duration.ofSeconds(60);

  private final String node;
  private final Supplier<Map<String, String>> labels;
  private final FixStore store;
  private final NatReconciler reconciler;
  private final NodeInspector inspector;
  private final Optional<Cidr> podCidr;
  private final Clock clock;
  private final boolean dryRun;

  private final Map<String, NodeStatus> written = new HashMap<>();
  private final Map<String, Integer> repairs = new HashMap<>();
  private Map<String, String> lastWanted;
  private Instant lastCanary = Instant.MIN;
  private Instant lastFull = Instant.MIN;
  private String lastFirstRule = "";

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
    return repairs.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Runs a pass if the fixes changed, the canary is gone or the full interval passed. */
  public Optional<Pass> tick() {
    List<FixRecord> fixes = store.list().stream().map(Versioned::value).toList();
    Map<String, String> wanted = wantedDigests(fixes);
    Instant now = clock.instant();
    boolean changed = !wanted.equals(lastWanted);
    boolean full = !now.isBefore(lastFull.plus(FULL_INTERVAL));
    boolean canaryLost = false;
    if (!changed && !full && !now.isBefore(lastCanary.plus(CANARY_INTERVAL))) {
      lastCanary = now;
      boolean carrying = !dryRun && wanted.values().stream().anyMatch(w -> w.endsWith("/true"));
      canaryLost = carrying && (!reconciler.canaryPresent() || !firstRuleUnchanged());
    }
    if (!changed && !full && !canaryLost) {
      return Optional.empty();
    }
    lastWanted = wanted;
    lastFull = now;
    lastCanary = now;
    Pass pass = pass(fixes);
    lastFirstRule = dryRun ? "" : reconciler.firstHookRule();
    return Optional.of(pass);
  }

  private boolean firstRuleUnchanged() {
    return reconciler.firstHookRule().equals(lastFirstRule);
  }

  /** One full pass over {@code fixes}, whatever changed. */
  public Pass pass(List<FixRecord> fixes) {
    NodeInspector.Inspection inspection = inspector.inspect(node);
    Map<String, FixRecord> accepted = new LinkedHashMap<>();
    List<DesiredRule> desired = new ArrayList<>();
    for (FixRecord fix : fixes) {
      if (!fix.wantedOn(node, labels.get())) {
        continue;
      }
      Optional<Refusal> refusal = refusal(fix, inspection);
      if (refusal.isPresent()) {
        report(
            fix, NodeFixState.FAILED, Optional.empty(), "", "refused: " + refusal.get().message());
        continue;
      }
      accepted.put(fix.name(), fix);
      fix.fix().rules().forEach(r -> desired.add(new DesiredRule(fix.name(), r.iptablesArgs())));
    }
    Pass pass = reconciler.reconcile(desired, dryRun);
    for (FixRecord fix : accepted.values()) {
      if (pass.wrote() && wasApplied(fix) && restored(fix, pass)) {
        repairs.merge(fix.name(), 1, Integer::sum);
      }
      judge(fix, pass, inspection);
    }
    for (FixRecord fix : fixes) {
      boolean wasHere = written.containsKey(fix.name()) || selected(fix);
      if (fix.state() == FixState.REVERTED && wasHere && pass.error().isEmpty() && !dryRun) {
        report(fix, NodeFixState.REVERTED, Optional.empty(), "", "peerfix's rules removed");
      }
    }
    return pass;
  }

  private boolean wasApplied(FixRecord fix) {
    NodeStatus previous = written.get(fix.name());
    return previous != null
        && previous.state() == NodeFixState.APPLIED
        && previous.digest().equals(fix.digest());
  }

  /** Whether the pass put back something this fix needs: its rule, the jump or the chain. */
  private static boolean restored(FixRecord fix, Pass pass) {
    String own = Marker.PREFIX + fix.name() + ":";
    String jump = Marker.PREFIX + Marker.JUMP + ":";
    return pass.changes().stream()
        .anyMatch(
            c ->
                c.kind() == RestorePlan.Change.Kind.CREATE_CHAIN
                    || (c.kind() == RestorePlan.Change.Kind.ADD_RULE
                        && (c.line().contains(own) || c.line().contains(jump))));
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

  private void judge(FixRecord fix, Pass pass, NodeInspector.Inspection inspection) {
    if (pass.error().isPresent()) {
      report(fix, NodeFixState.FAILED, Optional.empty(), "", pass.error().get());
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
    NatRule first = fix.fix().rules().get(0);
    Optional<Ipv4> pod = inspection.podAddress(podCidr);
    if (pod.isEmpty()) {
      report(
          fix,
          NodeFixState.FAILED,
          Optional.empty(),
          "",
          "pod range unknown (no cbr0/cni0 bridge): cannot check which rule decides; pass --pod-cidr");
      return;
    }
    Ipv4 target = fix.allowed().target();
    Packet packet =
        Packet.builder()
            .src(pod.get().toString())
            .dst(target.toString())
            .outIface(first.outInterface())
            .build();
    NodeContext context =
        new NodeContext(
            inspection.view().addresses().stream().map(Ipv4::toString).toList(),
            inspection.addressOf(first.outInterface()).map(Ipv4::toString).orElse(null),
            null);
    NodeFixReport report =
        DecisionCheck.judge(fix.name(), pass.natTable(), packet, context, reconciler::ipset);
    report(
        fix,
        report.state(),
        report.decidingRule(),
        report.manager().displayName(),
        report.detail());
  }

  private void report(
      FixRecord fix, NodeFixState state, Optional<String> rule, String manager, String detail) {
    NodeStatus previous = written.get(fix.name());
    int count = repairs.getOrDefault(fix.name(), 0);
    if (previous != null
        && previous.state() == state
        && previous.digest().equals(fix.digest())
        && previous.decidingRule().equals(rule)
        && previous.detail().equals(detail)
        && previous.repairs() == count) {
      return;
    }
    NodeStatus status =
        new NodeStatus(
            fix.name(), node, state, fix.digest(), rule, manager, detail, count, clock.instant());
    store.putNodeStatus(status);
    written.put(fix.name(), status);
  }
}
