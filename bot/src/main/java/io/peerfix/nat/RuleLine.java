package io.peerfix.nat;

/**
 * An {@code -A}/{@code -I} line parsed before its line number is known (it may be parsed by a
 * helper thread ahead of the main pass). {@code rendered} is the save-form text for {@code -I}
 * lines, null when the line itself is that text from {@code textStart}.
 */
record RuleLine(String chain, int position, int textStart, String rendered, RuleParser.Body body) {

  /**
   * Parses a tokenized command line when it appends or inserts a rule; returns null for any other
   * command (left to the caller).
   *
   * @throws DumpProblem when the rule is malformed
   */
  static RuleLine parse(LineTokens tokens, RuleParser rules, Names names) {
    int at = tokens.count() > 0 && tokens.first(0) == '[' ? 1 : 0;
    if (tokens.count() <= at + 1) {
      return null;
    }
    boolean append = tokens.is(at, "-A") || tokens.is(at, "--append");
    boolean insert = tokens.is(at, "-I") || tokens.is(at, "--insert");
    if (!append && !insert) {
      return null;
    }
    String chain = names.intern(tokens.dump(), tokens.start(at + 1), tokens.end(at + 1), true);
    if (append) {
      return new RuleLine(chain, 0, tokens.start(at), null, rules.parse(at + 2));
    }
    int from = at + 2;
    int position = 1;
    int body = from;
    if (from < tokens.count() && Character.isDigit(tokens.first(from))) {
      position = Values.port(tokens.raw(from));
      body = from + 1;
      if (position == 0) {
        throw new DumpProblem("rule positions start at 1");
      }
    }
    RuleParser.Body parsed = rules.parse(body);
    String rendered = ("-A " + chain + " " + tokens.span(body, tokens.count() - 1)).strip();
    return new RuleLine(chain, position, tokens.start(at), rendered, parsed);
  }
}
