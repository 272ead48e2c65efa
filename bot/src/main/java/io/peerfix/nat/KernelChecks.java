package io.peerfix.nat;

import java.util.List;

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

  /** Every hook: what a rule whose target is not restricted to some hooks allows. */
  static final int ANY_HOOK = PREROUTING | INPUT | OUTPUT | POSTROUTING;

  private KernelChecks() {}

  /**
   * The table as the checks walk it: chains by number, and for each chain the number of the chain
   * each of its rules jumps or goes to (-1: no jump), asked for only when a walk first enters it.
   */
  interface Graph {
    int size();

    Chain chain(int number);

    /** The chain's number, or -1 when the table has no chain of this name. */
    int number(String name);

    int[] jumps(int number);

    /**
     * The hooks from which every rule of the chain may be reached: the {@link #allowedHooks} of its
     * targets combined.
     */
    int allowedHooks(int number);
  }

  static void check(Graph graph) {
    // The walks run on chain numbers and arrays given by the builder, which resolved each jump
    // when it read the rule: on a 10,000-service table (40,000 chains, 110,000 rules) looking the
    // names up again cost about a sixth of nat explain's main thread.
    int size = graph.size();
    Jumps jumps = new Jumps(graph);
    int[] hooks = new int[size];
    byte[] state = new byte[size];
    reach(jumps, graph.number("PREROUTING"), PREROUTING, hooks, state);
    reach(jumps, graph.number("INPUT"), INPUT, hooks, state);
    reach(jumps, graph.number("OUTPUT"), OUTPUT, hooks, state);
    reach(jumps, graph.number("POSTROUTING"), POSTROUTING, hooks, state);
    for (int c = 0; c < size; c++) {
      // Only a chain reached from a hook one of its rules does not allow holds a rule to refuse:
      // the others' rules (nearly all of a large table) need not be looked at one by one.
      if (hooks[c] != 0 && (hooks[c] & ~graph.allowedHooks(c)) != 0) {
        for (Rule rule : graph.chain(c).rules()) {
          checkHooks(rule, hooks[c]);
        }
      }
    }
  }

  /**
   * Each chain's jump targets, asked of the graph once, so walks that meet a chain again reuse
   * them.
   */
  private static final class Jumps {
    private final Graph graph;
    private final int[][] to;

    Jumps(Graph graph) {
      this.graph = graph;
      this.to = new int[graph.size()][];
    }

    int[] of(int chain) {
      int[] targets = to[chain];
      if (targets == null) {
        targets = graph.jumps(chain);
        to[chain] = targets;
      }
      return targets;
    }

    Chain chain(int number) {
      return graph.chain(number);
    }
  }

  /**
   * Marks every chain reachable from a built-in chain with that hook, refusing a loop on the way
   * (an iterative depth-first walk: a chain of 100,000 jumps must not overflow the stack). {@code
   * state} is 0 for chains not seen by this walk, 1 on its path, 2 done; it is cleared first.
   */
  private static void reach(Jumps jumps, int builtin, int hook, int[] hooks, byte[] state) {
    if (builtin < 0) {
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
        Rule rule = jumps.chain(chain).rules().get(i);
        throw new NatParseException(rule.line(), rule.originalText(), loop(jumps, path, depth, to));
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

  private static String loop(Jumps jumps, int[] path, int depth, int to) {
    List<String> names = new java.util.ArrayList<>();
    for (int d = 0; d < depth; d++) {
      names.add(jumps.chain(path[d]).name());
    }
    String target = jumps.chain(to).name();
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

  /**
   * The hooks from which a rule with this target may be reached: MASQUERADE only POSTROUTING, SNAT
   * POSTROUTING and INPUT, DNAT and REDIRECT PREROUTING and OUTPUT, any other target every hook.
   */
  static int allowedHooks(Target target) {
    if (target instanceof Target.Masquerade) {
      return POSTROUTING;
    } else if (target instanceof Target.Snat) {
      return POSTROUTING | INPUT;
    } else if (target instanceof Target.Dnat || target instanceof Target.Redirect) {
      return PREROUTING | OUTPUT;
    }
    return ANY_HOOK;
  }

  private static void checkHooks(Rule rule, int mask) {
    Target target = rule.target();
    int allowed = allowedHooks(target);
    int bad = mask & ~allowed;
    if (bad != 0) {
      String name =
          target instanceof Target.Masquerade
              ? "MASQUERADE"
              : target instanceof Target.Snat
                  ? "SNAT"
                  : target instanceof Target.Dnat ? "DNAT" : "REDIRECT";
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
