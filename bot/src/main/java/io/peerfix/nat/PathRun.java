package io.peerfix.nat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Evaluates one path of a packet through the nat hooks it crosses (PREROUTING or OUTPUT, then
 * POSTROUTING, or INPUT when the packet turns out to be for the node itself). Where a rule's match
 * cannot be decided, {@link Choices} says which way this path takes. Rule visits are counted
 * against the evaluation's {@link Spending}; only the first path records a trace.
 */
final class PathRun {
  private final NatTable table;
  private final PacketState state;
  private final Choices choices;
  private final Spending spending;
  private final boolean recordTrace;
  private final List<TraceStep> trace = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /** Chains on the current stack (with the ones replaced by goto): the loop check is O(1). */
  private final Set<String> active = new HashSet<>();

  /** How one hook ended. */
  private record HookEnd(NatAction action, Rule rule, String indeterminate) {}

  /** A chain being walked; {@code entered} holds it and the chains that replaced it by goto. */
  private static final class Frame {
    Chain chain;
    int next;
    final List<String> entered = new ArrayList<>(2);

    Frame(Chain chain) {
      this.chain = chain;
      entered.add(chain.name());
    }
  }

  PathRun(
      NatTable table,
      Packet packet,
      NodeContext node,
      Set<Integer> locals,
      Choices choices,
      Spending spending,
      boolean recordTrace) {
    this.table = table;
    this.state = new PacketState(packet, node, locals);
    this.choices = choices;
    this.spending = spending;
    this.recordTrace = recordTrace;
  }

  PathResult run() {
    Packet packet = state.packet;
    Hook first = packet.origin() == Packet.Origin.LOCAL ? Hook.OUTPUT : Hook.PREROUTING;
    int dstBefore = state.dst;
    HookEnd end = hook(first);
    if (end.indeterminate != null) {
      return indeterminate(end.indeterminate);
    }
    Hook second = Hook.POSTROUTING;
    if (packet.origin() == Packet.Origin.FORWARDED && redirected) {
      second = Hook.INPUT;
    } else if (packet.origin() == Packet.Origin.FORWARDED
        && Boolean.TRUE.equals(state.isLocal(state.dst))) {
      second = Hook.INPUT;
      notes.add(
          "destination "
              + Ipv4.format(state.dst)
              + " is the node itself: the packet is delivered locally (nat INPUT), not forwarded");
    }
    if (state.dst != dstBefore && packet.origin() == Packet.Origin.LOCAL) {
      notes.add(
          "after DNAT in OUTPUT the kernel re-routes the packet; the out-interface is taken to stay "
              + (packet.outIface().isEmpty() ? "the same" : packet.outIface()));
    }
    HookEnd last = hook(second);
    if (last.indeterminate != null) {
      return indeterminate(last.indeterminate);
    }
    return result(last);
  }

  private boolean redirected;

  private PathResult result(HookEnd end) {
    return PathOutcome.result(end.action, end.rule, state, redirected, trace, notes);
  }

  private PathResult indeterminate(String reason) {
    return new PathResult(NatAction.INDETERMINATE, null, null, 0, null, trace, notes, reason);
  }

  private HookEnd hook(Hook hook) {
    state.hook = hook;
    Chain start = table.chain(hook.name());
    Deque<Frame> stack = new ArrayDeque<>();
    active.clear();
    Frame current = new Frame(start);
    active.add(start.name());
    while (true) {
      if (current.next >= current.chain.rules().size()) {
        if (stack.isEmpty()) {
          return policy(start);
        }
        current = pop(stack, current);
        continue;
      }
      if (!spending.visit()) {
        return new HookEnd(null, null, Spending.VISITS_SPENT);
      }
      Rule rule = current.chain.rules().get(current.next++);
      if (!matches(rule)) {
        continue;
      }
      Target target = rule.target();
      if (target instanceof Target.Jump jump) {
        Chain next = table.chain(jump.chain());
        String loop = loop(next, rule);
        if (loop != null) {
          return new HookEnd(null, rule, loop);
        }
        stack.push(current);
        current = new Frame(next);
        active.add(next.name());
      } else if (target instanceof Target.Goto go) {
        Chain next = table.chain(go.chain());
        String loop = loop(next, rule);
        if (loop != null) {
          return new HookEnd(null, rule, loop);
        }
        current.chain = next;
        current.next = 0;
        current.entered.add(next.name());
        active.add(next.name());
      } else if (target instanceof Target.Return) {
        if (stack.isEmpty()) {
          return policy(start);
        }
        current = pop(stack, current);
      } else if (target instanceof Target.Accept) {
        return new HookEnd(NatAction.NONE, rule, null);
      } else if (target instanceof Target.Mark mark) {
        state.mark = mark.apply(state.mark);
      } else if (target instanceof Target.ConnMark connmark) {
        connmark(connmark);
      } else if (!(target instanceof Target.None) && !(target instanceof Target.Continue)) {
        return nat(hook, rule, target);
      }
    }
  }

  private HookEnd nat(Hook hook, Rule rule, Target target) {
    String at = "chain " + rule.chain() + " rule " + rule.index() + ": " + rule.text();
    if (target instanceof Target.Unknown unknown) {
      return new HookEnd(null, rule, "indeterminate at " + at + " (" + unknown.why() + ")");
    }
    boolean sourceNat = target instanceof Target.Masquerade || target instanceof Target.Snat;
    if (sourceNat != hook.isSourceNat()) {
      return new HookEnd(
          null,
          rule,
          "indeterminate at "
              + at
              + " ("
              + target.render()
              + " is not valid in "
              + hook
              + "; the kernel would refuse this table)");
    }
    if (sourceNat) {
      return new HookEnd(
          target instanceof Target.Masquerade ? NatAction.MASQUERADE : NatAction.SNAT, rule, null);
    }
    if (target instanceof Target.Dnat dnat) {
      DestinationNat.dnat(state, dnat, at, notes);
    } else if (target instanceof Target.Redirect redirect) {
      redirected |= hook != Hook.OUTPUT;
      DestinationNat.redirect(state, redirect, hook, at, notes);
    }
    return new HookEnd(NatAction.NONE, rule, null);
  }

  private void connmark(Target.ConnMark connmark) {
    switch (connmark.kind()) {
      case "SET" -> state.ctMark = (state.ctMark & ~connmark.mask()) ^ connmark.value();
      case "SAVE" ->
          state.ctMark = (state.ctMark & ~connmark.ctMask()) ^ (state.mark & connmark.nfMask());
      default ->
          state.mark = (state.mark & ~connmark.nfMask()) ^ (state.ctMark & connmark.ctMask());
    }
  }

  private HookEnd policy(Chain start) {
    if ("DROP".equals(start.policy())) {
      return new HookEnd(
          null, null, "the packet is dropped by the DROP policy of nat " + start.name());
    }
    return new HookEnd(NatAction.NONE, null, null);
  }

  /** Leaves the current frame: its chains (and the ones it went to by goto) are left too. */
  private Frame pop(Deque<Frame> stack, Frame current) {
    active.removeAll(current.entered);
    return stack.pop();
  }

  /**
   * A jump to a chain already on the stack. The parser refuses tables with a loop reachable from a
   * hook (as the kernel does), so this only guards tables built otherwise.
   */
  private String loop(Chain next, Rule rule) {
    return active.contains(next.name())
        ? "loop: chain "
            + next.name()
            + " is entered again from chain "
            + rule.chain()
            + " rule "
            + rule.index()
            + " (the kernel refuses looping tables)"
        : null;
  }

  /** Tests all matches of a rule, deciding the decidable ones first; forks on the unknown. */
  private boolean matches(Rule rule) {
    Match[] all = rule.matches();
    for (Match match : all) {
      // The common case first: a condition fails, and only its reason is reported.
      if (!(match instanceof Match.Comment) && match.quick(state) == Tri.NO) {
        // The reason is built only for a step the trace keeps: on a big table most rules fail
        // after the trace is full, and building each one's reason was most of an evaluation.
        if (keeps(rule, false)) {
          record(rule, false, match.test(state).reason() + " => no match", match.onDestination());
        }
        return false;
      }
    }
    String unknown = null;
    StringBuilder yes = null;
    boolean onDestination = false;
    for (Match match : all) {
      if (match instanceof Match.Comment) {
        continue;
      }
      Tri tri = match.test(state);
      if (tri.value() == Tri.NO) {
        step(rule, false, tri.reason() + " => no match", match.onDestination());
        return false;
      }
      onDestination |= match.onDestination();
      if (tri.value() == Tri.UNKNOWN) {
        unknown = unknown == null ? tri.reason() : unknown + " and " + tri.reason();
      } else {
        yes = yes == null ? new StringBuilder(tri.reason()) : yes.append("; ").append(tri.reason());
      }
    }
    if (unknown != null) {
      return fork(rule, unknown);
    }
    step(rule, true, yes == null ? "no conditions => match" : yes + " => match", onDestination);
    return true;
  }

  private boolean fork(Rule rule, String unknown) {
    String where = "chain " + rule.chain() + " rule " + rule.index();
    boolean taken = choices.choose();
    spending.dependsOn(unknown + " (" + where + ")");
    step(
        rule,
        taken,
        "depends on "
            + unknown
            + (taken ? " => this path assumes a match" : " => this path assumes no match"));
    return taken;
  }

  private void step(Rule rule, boolean matched, String reason) {
    step(rule, matched, reason, false);
  }

  private void step(Rule rule, boolean matched, String reason, boolean onDestination) {
    if (keeps(rule, matched)) {
      record(rule, matched, reason, onDestination);
    }
  }

  /**
   * Whether this path's trace keeps a step for {@code rule} (counting it against the budget either
   * way); asked before the step's reason is built.
   */
  private boolean keeps(Rule rule, boolean matched) {
    if (!recordTrace) {
      return false;
    }
    boolean telling =
        matched
            || rule.target() instanceof Target.Masquerade
            || rule.target() instanceof Target.Snat;
    return spending.keepStep(telling);
  }

  private void record(Rule rule, boolean matched, String reason, boolean onDestination) {
    trace.add(
        new TraceStep(rule.chain(), rule.index(), rule.text(), matched, reason, onDestination));
  }
}
