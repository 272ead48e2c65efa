package io.peerfix.diagnosis;

import java.util.List;

/**
 * One proposed fix, computed from the observations, as a typed value: a {@link NodeNatFix} (the
 * exact nat rules and nodes, which peerfix's agent applies after approval), a {@link CniFix} (the
 * network plugin's lasting configuration), an {@link AwsChange} (one AWS CLI command) or an {@link
 * Advice} (a change no command makes). Every kind renders the same way: where it applies ({@link
 * #kind}), to what ({@link #scope}), what it does, a ready-to-read snippet ({@link #apply}) and,
 * when one command applies it, that command as an argument list ({@link #command}, empty
 * otherwise).
 */
public sealed interface Fix permits NodeNatFix, CniFix, AwsChange, Advice {
  FixKind kind();

  /** What the fix applies to, e.g. "2 nodes in 1 NAT group: a, b" or "AWS account". */
  String scope();

  /** What the fix does, in one sentence. */
  String description();

  /** The snippet to read or paste: rule lines, a manifest, a command line. */
  String apply();

  /** The one command that applies the fix, as arguments; empty when no single command does. */
  List<String> command();
}
