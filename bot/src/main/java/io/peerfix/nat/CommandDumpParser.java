package io.peerfix.nat;

/**
 * Reads {@code iptables-save} and {@code iptables -S} output: table sections, chain declarations
 * ({@code :NAME POLICY [p:b]}, {@code -P}, {@code -N}), rules ({@code -A}, {@code -I}, optional
 * {@code [p:b]} counters) and comments. Only the nat table is kept.
 */
final class CommandDumpParser {
  private final String text;
  private final DumpFormat format;
  private final Lines lines;
  private final LineTokens tokens = new LineTokens();
  private final Names names = RuleParser.names();
  private final RuleParser rules = new RuleParser(tokens, names);
  private final TableBuilder table;
  private String currentTable;
  private int tableLine;
  private boolean sawNat;
  private int lastLine;
  private String lastText = "";

  CommandDumpParser(String text, DumpFormat format) {
    this.text = text;
    this.format = format;
    this.lines = new Lines(text);
    this.table = new TableBuilder(format, names);
  }

  NatTable parse() {
    while (lines.advance()) {
      int first = lines.firstNonBlank();
      if (first == lines.end() || text.charAt(first) == '#') {
        continue;
      }
      lastLine = lines.number();
      try {
        line(first);
      } catch (DumpProblem problem) {
        throw new NatParseException(lines.number(), lines.current(), problem.getMessage());
      }
    }
    return finish();
  }

  private void line(int first) {
    char c = text.charAt(first);
    if (format == DumpFormat.IPTABLES_SAVE) {
      if (c == '*') {
        startTable(first);
        return;
      }
      if (text.startsWith("COMMIT", first)) {
        endTable();
        return;
      }
      if (currentTable == null) {
        lines.checkText();
        throw new DumpProblem("line outside a table: an iptables-save table starts with *nat");
      }
      if (!currentTable.equals("nat")) {
        return;
      }
      lastText = lines.current();
      if (c == ':') {
        declaration(first);
        return;
      }
    }
    lastText = lines.current();
    String problem = tokens.split(text, first, lines.end());
    if (problem != null) {
      lines.checkText();
      throw new DumpProblem(problem);
    }
    command();
  }

  private void startTable(int first) {
    if (currentTable != null) {
      throw new DumpProblem(
          "table *" + currentTable + " (line " + tableLine + ") has no COMMIT before this table");
    }
    currentTable = text.substring(first + 1, lines.end()).strip();
    tableLine = lines.number();
    if (currentTable.equals("nat")) {
      if (sawNat) {
        throw new DumpProblem("a second *nat table");
      }
      sawNat = true;
    }
  }

  private void endTable() {
    if (currentTable == null) {
      throw new DumpProblem("COMMIT without a table");
    }
    currentTable = null;
  }

  /** {@code :NAME POLICY [pkts:bytes]}. */
  private void declaration(int first) {
    String problem = tokens.split(text, first + 1, lines.end());
    if (problem != null) {
      lines.checkText();
    }
    if (problem != null || tokens.count() < 2 || tokens.count() > 3) {
      throw new DumpProblem("bad chain declaration (expected :NAME POLICY [packets:bytes])");
    }
    String name = names.intern(text, tokens.start(0), tokens.end(0), true);
    String policy = tokens.raw(1);
    if (policy.equals("-")) {
      if (TableBuilder.BUILTINS.contains(name)) {
        throw new DumpProblem("built-in chain " + name + " needs a policy");
      }
      table.declare(name, null, lines.number());
    } else {
      checkPolicy(policy);
      table.declare(name, policy, lines.number());
    }
  }

  private void command() {
    int at = 0;
    if (tokens.first(0) == '[') {
      at = 1;
    }
    if (tokens.count() <= at + 1) {
      throw new DumpProblem("expected -A, -I, -N or -P followed by a chain");
    }
    String cmd = tokens.raw(at);
    String chain = names.intern(text, tokens.start(at + 1), tokens.end(at + 1), true);
    switch (cmd) {
      case "-A", "--append" -> rule(chain, at + 2, 0, at);
      case "-I", "--insert" -> insert(chain, at + 2);
      case "-N", "--new-chain" -> {
        expectCount(at + 2);
        table.declare(chain, null, lines.number());
      }
      case "-P", "--policy" -> {
        expectCount(at + 3);
        checkPolicy(tokens.raw(at + 2));
        table.declare(chain, tokens.raw(at + 2), lines.number());
      }
      default ->
          throw new DumpProblem(
              "unknown command \"" + NatParseException.cut(cmd) + "\" (expected -A, -I, -N or -P)");
    }
  }

  private void insert(String chain, int from) {
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
    table.add(
        new Rule(
            chain,
            lines.number(),
            text,
            lines.start(),
            lines.end(),
            parsed.matches(),
            parsed.target(),
            rendered),
        position);
  }

  private void rule(String chain, int from, int position, int commandToken) {
    RuleParser.Body parsed = rules.parse(from);
    table.add(
        new Rule(
            chain,
            lines.number(),
            text,
            tokens.start(commandToken),
            lines.end(),
            parsed.matches(),
            parsed.target(),
            null),
        position);
  }

  private void expectCount(int count) {
    if (tokens.count() != count) {
      throw new DumpProblem("unexpected \"" + tokens.raw(tokens.count() - 1) + "\"");
    }
  }

  private static void checkPolicy(String policy) {
    if (!policy.equals("ACCEPT") && !policy.equals("DROP")) {
      throw new DumpProblem("bad policy \"" + policy + "\" (ACCEPT or DROP)");
    }
  }

  private NatTable finish() {
    if (format == DumpFormat.IPTABLES_SAVE) {
      if (currentTable != null) {
        throw new NatParseException(
            lastLine,
            lastText,
            "table *"
                + currentTable
                + " (line "
                + tableLine
                + ") has no COMMIT: the dump looks truncated");
      }
      if (!sawNat) {
        throw new NatParseException(
            0, "", "this iptables-save dump has no *nat table (try iptables-save -t nat)");
      }
    }
    return table.build();
  }
}
