package io.peerfix.nat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the kernel checks of a whole nat table when it is loaded, whatever packet comes later: no
 * chain reached from a built-in chain jumps back into itself ("Too many links"), and MASQUERADE,
 * SNAT, DNAT and REDIRECT are reached only from the hooks that allow them ("Invalid argument").
 * Chains no built-in chain reaches are not checked, as the kernel does not. A table failing a check
 * is refused with the line of the rule that the kernel would refuse.
 */
final class KernelChecks {
  private static final int PREROUTING = 1;
  private static final int INPUT = 2;
  private static final int OUTPUT = 4;
  private static final int POSTROUTING = 8;

  private KernelChecks() {}

  static void check(Map<String, Chain> chains) {
    Map<String, Integer> hooks = new HashMap<>();
    reach(chains, "PREROUTING", PREROUTING, hooks);
    reach(chains, "INPUT", INPUT, hooks);
    reach(chains, "OUTPUT", OUTPUT, hooks);
    reach(chains, "POSTROUTING", POSTROUTING, hooks);
    for (Chain chain : chains.values()) {
      Integer mask = hooks.get(chain.name());
      if (mask != null) {
        for (Rule rule : chain.rules()) {
          checkHooks(rule, mask);
        }
      }
    }
  }

  /**
   * Marks every chain reachable from a built-in chain with that hook, refusing a loop on the way
   * (an iterative depth-first walk: a chain of 100,000 jumps must not overflow the stack).
   */
  private static void reach(
      Map<String, Chain> chains, String builtin, int hook, Map<String, Integer> hooks) {
    Map<String, Integer> state = new HashMap<>(); // 1 = on the walk's path, 2 = done
    Deque<String> path = new ArrayDeque<>();
    Deque<Integer> next = new ArrayDeque<>();
    path.push(builtin);
    next.push(0);
    state.put(builtin, 1);
    hooks.merge(builtin, hook, (a, b) -> a | b);
    while (!path.isEmpty()) {
      Chain chain = chains.get(path.peek());
      int i = next.pop();
      if (chain == null || i >= chain.rules().size()) {
        state.put(path.pop(), 2);
        continue;
      }
      next.push(i + 1);
      Rule rule = chain.rules().get(i);
      String to = jumpsTo(rule);
      if (to == null) {
        continue;
      }
      Integer seen = state.get(to);
      if (seen != null && seen == 1) {
        throw new NatParseException(rule.line(), rule.originalText(), loop(path, to));
      }
      if (seen == null) {
        state.put(to, 1);
        hooks.merge(to, hook, (a, b) -> a | b);
        path.push(to);
        next.push(0);
      }
    }
  }

  private static String loop(Deque<String> path, String to) {
    List<String> names = new java.util.ArrayList<>();
    for (java.util.Iterator<String> it = path.descendingIterator(); it.hasNext(); ) {
      names.add(it.next());
    }
    List<String> cycle = names.subList(names.indexOf(to), names.size());
    String shown =
        cycle.size() > 8
            ? String.join(" -> ", cycle.subList(0, 4)) + " -> ... (" + cycle.size() + " chains)"
            : String.join(" -> ", cycle);
    return "jump loop "
        + shown
        + " -> "
        + to
        + ": the kernel refuses a table in which a chain reached from "
        + names.get(0)
        + " jumps back into itself (iptables-restore: \"Too many links\"), whatever the packet";
  }

  private static String jumpsTo(Rule rule) {
    if (rule.target() instanceof Target.Jump jump) {
      return jump.chain();
    }
    return rule.target() instanceof Target.Goto go ? go.chain() : null;
  }

  private static void checkHooks(Rule rule, int mask) {
    Target target = rule.target();
    int allowed;
    String name;
    if (target instanceof Target.Masquerade) {
      allowed = POSTROUTING;
      name = "MASQUERADE";
    } else if (target instanceof Target.Snat) {
      allowed = POSTROUTING | INPUT;
      name = "SNAT";
    } else if (target instanceof Target.Dnat) {
      allowed = PREROUTING | OUTPUT;
      name = "DNAT";
    } else if (target instanceof Target.Redirect) {
      allowed = PREROUTING | OUTPUT;
      name = "REDIRECT";
    } else {
      return;
    }
    int bad = mask & ~allowed;
    if (bad != 0) {
      String where =
          TableBuilder.BUILTINS.contains(rule.chain())
              ? "this rule is in " + rule.chain()
              : "chain " + rule.chain() + " is reached from " + hookNames(bad);
      throw new NatParseException(
          rule.line(),
          rule.originalText(),
          name
              + " is only valid in "
              + hookNames(allowed)
              + " (and chains reached only from there), but "
              + where
              + ": the kernel refuses this table (\"Invalid argument\"), whatever the packet");
    }
  }

  private static String hookNames(int mask) {
    List<String> names = new java.util.ArrayList<>();
    if ((mask & PREROUTING) != 0) {
      names.add("PREROUTING");
    }
    if ((mask & INPUT) != 0) {
      names.add("INPUT");
    }
    if ((mask & OUTPUT) != 0) {
      names.add("OUTPUT");
    }
    if ((mask & POSTROUTING) != 0) {
      names.add("POSTROUTING");
    }
    return String.join(" and ", names);
  }
}
