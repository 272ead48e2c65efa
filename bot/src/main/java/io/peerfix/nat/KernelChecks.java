package io.peerfix.nat;

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
    // The walks run on chain numbers and arrays, not on names in hash maps: on a 10,000-service
    // table (40,000 chains, 110,000 rules) four walks by name cost more than parsing the dump.
    Chain[] byNumber = chains.values().toArray(new Chain[0]);
    Map<String, Integer> numbers = new HashMap<>(byNumber.length * 4 / 3 + 1);
    for (int c = 0; c < byNumber.length; c++) {
      numbers.put(byNumber[c].name(), c);
    }
    Jumps jumps = new Jumps(byNumber, numbers);
    int[] hooks = new int[byNumber.length];
    byte[] state = new byte[byNumber.length];
    reach(jumps, numbers.get("PREROUTING"), PREROUTING, hooks, state);
    reach(jumps, numbers.get("INPUT"), INPUT, hooks, state);
    reach(jumps, numbers.get("OUTPUT"), OUTPUT, hooks, state);
    reach(jumps, numbers.get("POSTROUTING"), POSTROUTING, hooks, state);
    for (int c = 0; c < byNumber.length; c++) {
      if (hooks[c] != 0) {
        for (Rule rule : byNumber[c].rules()) {
          checkHooks(rule, hooks[c]);
        }
      }
    }
  }

  /**
   * Each chain's rules as the numbers of the chains they jump or go to (-1: no jump), worked out
   * the first time a walk enters the chain, so chains no built-in chain reaches cost nothing.
   */
  private static final class Jumps {
    final Chain[] chains;
    private final Map<String, Integer> numbers;
    private final int[][] to;
    private String lastName;
    private int lastNumber;

    Jumps(Chain[] chains, Map<String, Integer> numbers) {
      this.chains = chains;
      this.numbers = numbers;
      this.to = new int[chains.length][];
    }

    int[] of(int chain) {
      int[] targets = to[chain];
      if (targets == null) {
        List<Rule> rules = chains[chain].rules();
        targets = new int[rules.size()];
        for (int i = 0; i < targets.length; i++) {
          targets[i] = number(jumpsTo(rules.get(i)));
        }
        to[chain] = targets;
      }
      return targets;
    }

    private int number(String name) {
      if (name == null) {
        return -1;
      }
      // Runs of rules jump to the same chain (KUBE-MARK-MASQ, a service's endpoints' chain).
      if (!name.equals(lastName)) {
        Integer number = numbers.get(name);
        lastName = name;
        lastNumber = number == null ? -1 : number;
      }
      return lastNumber;
    }
  }

  /**
   * Marks every chain reachable from a built-in chain with that hook, refusing a loop on the way
   * (an iterative depth-first walk: a chain of 100,000 jumps must not overflow the stack). {@code
   * state} is 0 for chains not seen by this walk, 1 on its path, 2 done; it is cleared first.
   */
  private static void reach(Jumps jumps, Integer builtin, int hook, int[] hooks, byte[] state) {
    if (builtin == null) {
      return;
    }
    java.util.Arrays.fill(state, (byte) 0);
    int[] path = new int[16];
    int[] next = new int[16];
    int depth = 0;
    path[depth] = builtin;
    next[depth] = 0;
    depth++;
    state[builtin] = 1;
    hooks[builtin] |= hook;
    while (depth > 0) {
      int chain = path[depth - 1];
      int[] targets = jumps.of(chain);
      int i = next[depth - 1];
      if (i >= targets.length) {
        state[chain] = 2;
        depth--;
        continue;
      }
      next[depth - 1] = i + 1;
      int to = targets[i];
      if (to < 0) {
        continue;
      }
      if (state[to] == 1) {
        Rule rule = jumps.chains[chain].rules().get(i);
        throw new NatParseException(
            rule.line(), rule.originalText(), loop(jumps.chains, path, depth, to));
      }
      if (state[to] == 0) {
        state[to] = 1;
        hooks[to] |= hook;
        if (depth == path.length) {
          path = java.util.Arrays.copyOf(path, depth * 2);
          next = java.util.Arrays.copyOf(next, depth * 2);
        }
        path[depth] = to;
        next[depth] = 0;
        depth++;
      }
    }
  }

  private static String loop(Chain[] chains, int[] path, int depth, int to) {
    List<String> names = new java.util.ArrayList<>();
    for (int d = 0; d < depth; d++) {
      names.add(chains[path[d]].name());
    }
    String target = chains[to].name();
    List<String> cycle = names.subList(names.indexOf(target), names.size());
    String shown =
        cycle.size() > 8
            ? String.join(" -> ", cycle.subList(0, 4)) + " -> ... (" + cycle.size() + " chains)"
            : String.join(" -> ", cycle);
    return "jump loop "
        + shown
        + " -> "
        + target
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
