package io.peerfix.agent.reconcile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What must change in the nat table so that peerfix's chain holds exactly the desired rules, once
 * each, reached by exactly one jump (or, with nothing desired, so that nothing of peerfix's is
 * left), and the one {@code iptables-restore --noflush} payload that does it. Only marked rules are
 * ever deleted, by their printed text; existing chains are never re-declared (a declaration flushes
 * a chain under {@code --noflush}, which would take foreign rules with it).
 */
public final class RestorePlan {
  private final List<Change> changes;

  /** One line of the plan: what it does, and the restore line that does it. */
  public record Change(Kind kind, String line) {
    /** What a change does. */
    public enum Kind {
      CREATE_CHAIN,
      ADD_RULE,
      DELETE_RULE,
      DELETE_CHAIN
    }
  }

  private RestorePlan(List<Change> changes) {
    this.changes = List.copyOf(changes);
  }

  /** The plan from {@code current} to {@code desired}. */
  public static RestorePlan between(NatSnapshot current, Collection<DesiredRule> desired) {
    Map<Marker, DesiredRule> wanted = new LinkedHashMap<>();
    for (DesiredRule rule : desired) {
      wanted.putIfAbsent(rule.marker(), rule);
    }
    List<Change> creates = new ArrayList<>();
    List<Change> deletes = new ArrayList<>();
    List<Change> adds = new ArrayList<>();
    boolean keep = !wanted.isEmpty();
    if (keep) {
      if (!current.hasChain(PeerfixChains.CHAIN)) {
        creates.add(new Change(Change.Kind.CREATE_CHAIN, ":" + PeerfixChains.CHAIN + " - [0:0]"));
      }
    }
    List<NatSnapshot.OwnedRule> jumps = current.jumps();
    for (int i = keep ? 1 : 0; i < jumps.size(); i++) {
      deletes.add(new Change(Change.Kind.DELETE_RULE, jumps.get(i).deleteLine()));
    }
    Map<Marker, Integer> seen = new HashMap<>();
    for (NatSnapshot.OwnedRule rule : current.rules()) {
      int copies = seen.merge(rule.marker(), 1, Integer::sum);
      if (!wanted.containsKey(rule.marker()) || copies > 1) {
        deletes.add(new Change(Change.Kind.DELETE_RULE, rule.deleteLine()));
      }
    }
    for (Map.Entry<Marker, DesiredRule> e : wanted.entrySet()) {
      if (!seen.containsKey(e.getKey())) {
        adds.add(new Change(Change.Kind.ADD_RULE, e.getValue().appendLine()));
      }
    }
    if (keep && jumps.isEmpty()) {
      adds.add(new Change(Change.Kind.ADD_RULE, PeerfixChains.insertJumpLine()));
    }
    List<Change> all = new ArrayList<>(creates);
    all.addAll(deletes);
    all.addAll(adds);
    if (!keep) {
      if (current.hasChain(PeerfixChains.CHAIN) && current.foreignRulesInChain() == 0) {
        all.add(new Change(Change.Kind.DELETE_CHAIN, "-X " + PeerfixChains.CHAIN));
      }
      if (current.hasChain(PeerfixChains.CANARY)) {
        all.add(new Change(Change.Kind.DELETE_CHAIN, "-X " + PeerfixChains.CANARY));
      }
    }
    return new RestorePlan(all);
  }

  /** Nothing to change: the table already matches. */
  public boolean inSync() {
    return changes.isEmpty();
  }

  public List<Change> changes() {
    return changes;
  }

  /**
   * The {@code iptables-restore --noflush} input: one table, one COMMIT, applied all or nothing.
   */
  public String payload() {
    StringBuilder text = new StringBuilder("*nat\n");
    for (Change change : changes) {
      text.append(change.line()).append('\n');
    }
    return text.append("COMMIT\n").toString();
  }
}
