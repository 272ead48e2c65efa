package io.peerfix.nat;

import java.util.ArrayList;
import java.util.List;

/**
 * A chain while {@link TableBuilder} reads a dump: its name, policy (null for a user chain), the
 * line that declared it, its rules and, per rule, the chain it jumps to as resolved when read.
 */
final class ChainDraft {
  String name;
  String policy;
  final int line;
  final List<Rule> rules = new ArrayList<>();

  /**
   * Per rule, the user chain it jumps or goes to as resolved when it was appended ({@link
   * #NO_JUMP}: none), the first {@link #rules}{@code .size()} entries; only while {@link
   * #jumpsKnown()}. An array the kernel checks read in place: copying 40,000 lists out of a large
   * table cost them more than their walk.
   */
  ChainDraft[] jumps = new ChainDraft[2];

  /**
   * The hooks from which every rule appended so far may be reached (the targets' restrictions, see
   * {@link KernelChecks#allowedHooks}); exact only while no rule was inserted or changed.
   */
  int allowedHooks = KernelChecks.ANY_HOOK;

  boolean inserted;

  /** Some rule jumped to a chain not declared when the rule was read: {@link #jumps} is moot. */
  boolean unknownJump;

  /** Position in the built table, for the kernel checks. */
  int number = -1;

  ChainDraft(String name, String policy, int line) {
    this.name = name;
    this.policy = policy;
    this.line = line;
  }

  /** Appends a rule that jumps or goes to {@code to} ({@link #NO_JUMP}: none, null: unknown). */
  void append(Rule rule, ChainDraft to) {
    if (jumpsKnown()) {
      // Every rule so far was appended with its target: jumps holds exactly rules.size() of them.
      int n = rules.size();
      if (n == jumps.length) {
        jumps = java.util.Arrays.copyOf(jumps, n * 2);
      }
      jumps[n] = to;
    }
    rules.add(rule);
    allowedHooks &= KernelChecks.allowedHooks(rule.target());
  }

  /** Whether {@link #jumps} holds each rule's target: rules were only appended, all resolved. */
  boolean jumpsKnown() {
    return !inserted && !unknownJump;
  }

  /** The jump target of a rule that jumps nowhere. */
  static final ChainDraft NO_JUMP = new ChainDraft("", null, 0);
}
