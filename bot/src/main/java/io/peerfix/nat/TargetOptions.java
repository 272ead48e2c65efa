package io.peerfix.nat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The target of the rule {@link RuleParser} is reading: {@code -j NAME} or {@code -g CHAIN}, the
 * target's own options, and the {@link Target} they make. Jumps to the same chain share one target
 * object.
 */
final class TargetOptions {
  private final RuleParser p;
  private final LineTokens t;
  private final Map<String, Target> jumps = new java.util.HashMap<>();
  private String targetName;
  private boolean isGoto;
  private int targetToken;
  private int targetLast;
  private Map<String, String> targetOptions;

  TargetOptions(RuleParser parser, LineTokens tokens) {
    this.p = parser;
    this.t = tokens;
  }

  /** Forgets the previous rule's target. */
  void reset() {
    targetName = null;
    targetOptions = null;
  }

  /** Whether the rule has named its target yet. */
  boolean named() {
    return targetName != null;
  }

  /** {@code -j name} (or {@code -g name}) at token {@code token}. */
  void start(String name, boolean isGoto, int token) {
    this.targetName = name;
    this.isGoto = isGoto;
    this.targetToken = token;
    this.targetLast = token + 1;
    this.targetOptions = null;
  }

  /**
   * Reads option {@code i} of the target; returns its last token, or -1 if the target has none
   * such.
   */
  int option(int i, String opt) {
    Map<String, Integer> known = TargetBuilder.optionArities(targetName);
    if (known == null) {
      if (!KnownTargets.isExtension(targetName) && !targetName.equals("DROP")) {
        return -1;
      }
      int next = p.skipValues(i);
      targetLast = next;
      return next;
    }
    Integer arity = known.get(opt);
    if (arity == null) {
      return -1;
    }
    p.noNegate(opt);
    if (targetOptions == null) {
      targetOptions = new LinkedHashMap<>();
    }
    targetOptions.put(opt, arity == 0 ? "" : p.value(i));
    targetLast = i + arity;
    return i + arity;
  }

  /** The target read, {@link Target.None} without -j/-g. */
  Target build() {
    if (targetName == null) {
      return new Target.None();
    }
    String options = t.span(targetToken + 2, targetLast);
    if (isGoto) {
      return new Target.Goto(targetName);
    }
    if (targetOptions == null
        && TargetBuilder.optionArities(targetName) == null
        && !KnownTargets.isExtension(targetName)) {
      // Jumps to the same chain share one target object.
      return jumps.computeIfAbsent(targetName, Target.Jump::new);
    }
    return TargetBuilder.build(
        targetName, targetOptions == null ? Map.of() : targetOptions, options);
  }
}
