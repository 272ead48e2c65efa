package io.peerfix.nat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects chains and rules while a dump is read, then checks what only the whole table can tell
 * (every jump goes to a chain that exists) and freezes it into a {@link NatTable}.
 */
final class TableBuilder {
  static final List<String> BUILTINS = List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING");

  private final Map<String, ChainDraft> chains = new LinkedHashMap<>();
  private final Names names;
  private final List<String> warnings = new ArrayList<>();
  private final DumpFormat format;

  /** Whether a payload is applied onto a base ({@code --noflush}): see {@link #noflush()}. */
  private boolean noflush;

  /**
   * Whether some rule jumped to a chain that was not a declared user chain when the rule was read.
   * Only then does {@link #build()} check every jump again: a big table spares 100,000 lookups.
   */
  private boolean unresolvedJump;

  private String lastName;
  private ChainDraft lastDraft;
  private Target lastResolved;
  private ChainDraft lastResolvedDraft;

  TableBuilder(DumpFormat format, Names names) {
    this.format = format;
    this.names = names;
  }

  /**
   * Starts from {@code base} instead of an empty table (what {@code iptables-restore --noflush}
   * applies its payload onto): its chains, policies and rules, copied so the base stays as it is.
   */
  void seed(NatTable base) {
    for (Chain chain : base.chains()) {
      declare(chain.name(), chain.policy(), 0);
      ChainDraft draft = draft(chain.name());
      for (Rule rule : chain.rules()) {
        draft.rules.add(rule.copy());
      }
      draft.inserted = true;
    }
    unresolvedJump = true;
  }

  /** Whether a chain of this name exists now. */
  boolean exists(String name) {
    return draft(name) != null;
  }

  /** The rules of an existing chain, to change in place (the caller checked it exists). */
  List<Rule> rulesOf(String name) {
    ChainDraft draft = draft(name);
    draft.inserted = true;
    // A replaced or renamed rule may jump anywhere: check every jump again at the end.
    unresolvedJump = true;
    return draft.rules;
  }

  /** The names of every chain now, built-in ones included, in declaration order. */
  List<String> chainNames() {
    return List.copyOf(chains.keySet());
  }

  /** Removes a user chain (the caller checked it is empty and unreferenced). */
  void remove(String name) {
    chains.remove(name);
    names.attach(name, null);
    forget();
  }

  /** Renames a user chain; rules that jump to it are rewritten by the caller. */
  void rename(String from, String to) {
    checkName(to);
    ChainDraft draft = draft(from);
    remove(from);
    draft.name = to;
    chains.put(to, draft);
    names.attach(to, draft);
    draft.inserted = true;
    unresolvedJump = true;
  }

  /**
   * What {@code iptables-restore} does at {@code *nat} without {@code --noflush}: every rule and
   * user chain goes, built-in chains keep their policies.
   */
  void flushAll() {
    for (String name : chainNames()) {
      if (BUILTINS.contains(name)) {
        rulesOf(name).clear();
      } else {
        remove(name);
      }
    }
  }

  /** Forgets the lookup caches after a chain went away. */
  private void forget() {
    lastName = null;
    lastDraft = null;
    lastResolved = null;
    lastResolvedDraft = null;
  }

  private ChainDraft draft(String name) {
    // Consecutive rules are mostly in the same chain: skip the hash lookup for them.
    if (name.equals(lastName)) {
      return lastDraft;
    }
    ChainDraft draft = (ChainDraft) names.attachment(name);
    if (draft != null) {
      lastName = name;
      lastDraft = draft;
    }
    return draft;
  }

  /** From now on a declaration of an existing user chain empties it, as with --noflush. */
  void noflush() {
    noflush = true;
  }

  /** Declares a chain; built-in ones get a policy, user chains pass null. */
  void declare(String name, String policy, int line) {
    checkName(name);
    boolean builtin = BUILTINS.contains(name);
    if (name.equals("FORWARD")) {
      throw new DumpProblem(
          "chain FORWARD belongs to the filter table; give the nat table (iptables-save -t nat,"
              + " iptables -t nat -S or iptables -t nat -L -n -v)");
    }
    if (policy != null && !builtin) {
      throw new DumpProblem("chain " + name + " is not built in and cannot have a policy");
    }
    ChainDraft existing = draft(name);
    if (existing != null && !builtin && noflush) {
      // iptables-restore --noflush empties a user chain it is told to declare again.
      existing.rules.clear();
      existing.inserted = true;
      return;
    }
    if (existing != null && !builtin) {
      throw new DumpProblem(TableProblems.duplicate(format, name, existing.line));
    }
    if (existing != null) {
      if (policy != null) {
        existing.policy = policy;
      }
      return;
    }
    ChainDraft created =
        new ChainDraft(name, builtin ? (policy == null ? "ACCEPT" : policy) : null, line);
    chains.put(name, created);
    names.attach(name, created);
  }

  /** Appends a rule, or inserts it at a 1-based position (-I). */
  void add(Rule rule, int position) {
    ChainDraft draft = draft(rule.chain());
    if (draft == null) {
      if (!BUILTINS.contains(rule.chain())) {
        // As iptables-restore ("Chain 'X' does not exist") and iptables -A do.
        throw new DumpProblem(TableProblems.undeclared(format, rule.chain()));
      }
      declare(rule.chain(), null, rule.line());
      draft = draft(rule.chain());
    }
    ChainDraft to = jumpTarget(rule);
    if (to == null) {
      unresolvedJump = true;
      draft.unknownJump = true;
    }
    if (position <= 0) {
      draft.append(rule, to);
      rule.index(draft.rules.size());
    } else if (position > draft.rules.size() + 1) {
      throw new DumpProblem(
          "cannot insert at position "
              + position
              + ": chain "
              + rule.chain()
              + " has "
              + draft.rules.size()
              + " rules");
    } else {
      draft.rules.add(position - 1, rule);
      draft.inserted = true;
    }
  }

  void warn(String warning) {
    warnings.add(warning);
  }

  NatTable build() {
    for (String builtin : BUILTINS) {
      if (!chains.containsKey(builtin)) {
        chains.put(builtin, new ChainDraft(builtin, "ACCEPT", 0));
      }
    }
    Map<String, Chain> frozen = new LinkedHashMap<>(chains.size() * 4 / 3 + 1);
    ChainDraft[] numbered = new ChainDraft[chains.size()];
    Chain[] built = new Chain[numbered.length];
    for (ChainDraft draft : chains.values()) {
      // Appended rules got their index when added; an -I moves the ones after it.
      if (draft.inserted || unresolvedJump) {
        for (int i = 0; i < draft.rules.size(); i++) {
          Rule rule = draft.rules.get(i);
          rule.index(i + 1);
          if (unresolvedJump) {
            checkTarget(rule);
          }
        }
      }
      Chain chain = new Chain(draft.name, draft.policy, draft.rules);
      draft.number = frozen.size();
      numbered[draft.number] = draft;
      built[draft.number] = chain;
      frozen.put(draft.name, chain);
    }
    KernelChecks.check(new DraftGraph(numbered, built, names));
    return new NatTable(frozen, format, warnings);
  }

  static String jumpsTo(Rule rule) {
    if (rule.target() instanceof Target.Jump jump) {
      return jump.chain();
    } else if (rule.target() instanceof Target.Goto go) {
      return go.chain();
    }
    return null;
  }

  /** Whether the rule jumps nowhere or to a declared user chain (which stays one). */
  private boolean jumpResolved(Rule rule) {
    return jumpTarget(rule) != null;
  }

  /**
   * The declared user chain the rule jumps or goes to, {@link #ChainDraft.NO_JUMP} when it jumps
   * nowhere, null when the chain it names is not (yet) a declared user chain.
   */
  private ChainDraft jumpTarget(Rule rule) {
    if (rule.target() == lastResolved) {
      // Rules jumping to the same chain share one target object (KUBE-MARK-MASQ...).
      return lastResolvedDraft;
    }
    String jumpsTo = jumpsTo(rule);
    if (jumpsTo == null) {
      return ChainDraft.NO_JUMP;
    }
    ChainDraft target = draft(jumpsTo);
    if (target == null || target.policy != null) {
      return null;
    }
    lastResolved = rule.target();
    lastResolvedDraft = target;
    return target;
  }

  private void checkTarget(Rule rule) {
    if (jumpResolved(rule)) {
      return;
    }
    String jumpsTo = jumpsTo(rule);
    String problem =
        BUILTINS.contains(jumpsTo)
            ? "jump to built-in chain " + jumpsTo + " is not allowed"
            : "jump to chain \""
                + jumpsTo
                + "\", which is never declared (unknown chain or target)";
    throw new NatParseException(rule.line(), rule.originalText(), problem);
  }

  private static void checkName(String name) {
    // The kernel counts bytes (XT_EXTENSION_MAXNAMELEN - 1): "KUBE-€" is 8 of them.
    if (name.isEmpty() || name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 28) {
      throw new DumpProblem(
          "bad chain name \""
              + NatParseException.cut(name)
              + "\" (1-28 bytes: iptables refuses longer names)");
    }
    char first = name.charAt(0);
    if (first == '-' || first == '!') {
      throw new DumpProblem("bad chain name \"" + name + "\"");
    }
  }
}
