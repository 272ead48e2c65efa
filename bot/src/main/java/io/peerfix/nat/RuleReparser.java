package io.peerfix.nat;

/**
 * Parses a save/-S rule line again to get its matches when evaluation first needs them (see {@link
 * Rule#matches()}). The line was validated when the dump was read, so this cannot fail for a line
 * that came from a parsed table. One parser per thread: evaluations may run concurrently.
 */
final class RuleReparser {
  private static final ThreadLocal<RuleReparser> PER_THREAD =
      ThreadLocal.withInitial(RuleReparser::new);

  private final LineTokens tokens = new LineTokens();
  private final Names names = RuleWords.names();
  private final RuleParser rules = new RuleParser(tokens, names);

  private RuleReparser() {}

  static Match[] matches(DumpText dump, int start, int end) {
    return PER_THREAD.get().parse(dump, start, end);
  }

  private Match[] parse(DumpText dump, int start, int end) {
    String problem = tokens.split(dump, start, end);
    RuleLine rule = problem == null ? RuleLine.parse(tokens, rules, names) : null;
    if (rule == null) {
      throw new IllegalStateException(
          "rule text changed after validation: " + dump.substring(start, end));
    }
    return rule.body().matches();
  }
}
