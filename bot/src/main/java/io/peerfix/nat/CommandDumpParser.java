package io.peerfix.nat;

/**
 * Reads {@code iptables-save} and {@code iptables -S} output: table sections, chain declarations
 * ({@code :NAME POLICY [p:b]}, {@code -P}, {@code -N}), rules ({@code -A}, {@code -I}, optional
 * {@code [p:b]} counters) and comments. Only the nat table is kept.
 */
final class CommandDumpParser {
  private final DumpText dump;
  private final DumpFormat format;
  private final Lines lines;
  private final LineTokens tokens = new LineTokens();
  private final Names names;
  private final RuleParser rules;
  private final TableBuilder table;
  private final RestoreCommands restore;
  private final boolean noflush;
  private String currentTable;
  private int tableLine;
  private boolean sawNat;
  private int lastLine;
  private int lastStart;
  private int lastEnd;
  private final int minParallelBytes;
  private java.util.List<SlicePreparser> slices = java.util.List.of();
  private int nextSlice;
  private SlicePreparser slice;
  private final ParseHelpers helpers;

  /** A parser of a pasted dump: elision lines are skipped, each said in {@code elisions}. */
  CommandDumpParser(
      DumpText dump, DumpFormat format, ParseHelpers helpers, java.util.List<String> elisions) {
    this(dump, format, SlicePreparser.MIN_PARALLEL_BYTES, helpers, new Lines(dump, elisions));
  }

  /** Dumps of at least {@code minParallelBytes} get helper tasks for rule lines. */
  CommandDumpParser(DumpText dump, DumpFormat format, int minParallelBytes, ParseHelpers helpers) {
    this(dump, format, minParallelBytes, helpers, new Lines(dump));
  }

  private CommandDumpParser(
      DumpText dump, DumpFormat format, int minParallelBytes, ParseHelpers helpers, Lines lines) {
    this.minParallelBytes = minParallelBytes;
    this.helpers = helpers;
    this.dump = dump;
    this.format = format;
    this.lines = lines;
    this.names = RuleWords.names(dump.length());
    this.rules = new RuleParser(tokens, names, false);
    this.table = new TableBuilder(format, names);
    this.restore = new RestoreCommands(tokens, names, table);
    this.noflush = false;
  }

  /**
   * A payload for {@code iptables-restore --noflush} applied onto {@code base}: a {@code *nat}
   * section adds to the base instead of replacing it, and a declaration of an existing user chain
   * empties it, as the kernel does.
   */
  CommandDumpParser(DumpText payload, NatTable base, java.util.List<String> elisions) {
    this.minParallelBytes = SlicePreparser.MIN_PARALLEL_BYTES;
    this.helpers = ParseHelpers.NONE; // a payload is small: no helpers
    this.dump = payload;
    this.format = DumpFormat.IPTABLES_SAVE;
    this.lines = new Lines(payload, elisions);
    this.names = RuleWords.names(payload.length());
    this.rules = new RuleParser(tokens, names, false);
    this.table = new TableBuilder(base.format(), names);
    this.restore = new RestoreCommands(tokens, names, table);
    this.noflush = true;
    table.seed(base);
    table.noflush();
    restore.onBase();
  }

  NatTable parse() {
    slices = SlicePreparser.start(dump, minParallelBytes, helpers);
    try {
      while (lines.advance()) {
        int first = lines.firstNonBlank();
        if (first == lines.end() || dump.charAt(first) == '#') {
          continue;
        }
        lastLine = lines.number();
        lastStart = lines.start();
        lastEnd = lines.end();
        enterSlice();
        try {
          line(first);
        } catch (DumpProblem problem) {
          throw new NatParseException(lines.number(), lines.current(), problem.getMessage());
        }
      }
      return finish();
    } finally {
      for (SlicePreparser helper : slices) {
        helper.cancel();
      }
    }
  }

  /** Switches to the next helper's results once the main pass reaches its slice. */
  private void enterSlice() {
    while (nextSlice < slices.size() && lines.start() >= slices.get(nextSlice).from()) {
      SlicePreparser next = slices.get(nextSlice++);
      slice = next.await() ? next : null;
    }
  }

  private void line(int first) {
    char c = dump.charAt(first);
    if (format == DumpFormat.IPTABLES_SAVE) {
      if (c == '*') {
        startTable(first);
        return;
      }
      if (dump.startsWith("COMMIT", first)) {
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
      if (c == ':') {
        declaration(first);
        return;
      }
    }
    Object pre = slice == null ? null : slice.take(lines.start());
    if (pre instanceof RuleLine rule) {
      addRule(rule);
      return;
    }
    if (pre instanceof String problem) {
      if (problem.equals(LineTokens.BINARY)) {
        lines.checkText();
      }
      throw new DumpProblem(problem);
    }
    String problem = tokens.split(dump, first, lines.end());
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
    currentTable = dump.substring(first + 1, lines.end()).strip();
    tableLine = lines.number();
    if (currentTable.equals("nat")) {
      if (sawNat && !noflush) {
        // Each *nat section replaces what the ones before it made, as iptables-restore does.
        table.flushAll();
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
    String problem = tokens.split(dump, first + 1, lines.end());
    if (problem != null) {
      lines.checkText();
    }
    if (problem != null || tokens.count() < 2 || tokens.count() > 3) {
      throw new DumpProblem("bad chain declaration (expected :NAME POLICY [packets:bytes])");
    }
    String name = names.intern(dump, tokens.start(0), tokens.end(0), true);
    if (tokens.is(1, "-")) {
      if (TableBuilder.BUILTINS.contains(name)) {
        throw new DumpProblem("built-in chain " + name + " needs a policy");
      }
      table.declare(name, null, lines.number());
    } else {
      String policy = tokens.raw(1);
      checkPolicy(policy);
      table.declare(name, policy, lines.number());
    }
  }

  private void command() {
    RuleLine rule = RuleLine.parse(tokens, rules, names);
    if (rule != null) {
      addRule(rule);
      return;
    }
    int at = tokens.first(0) == '[' ? 1 : 0;
    if (tokens.count() > at && restore.run(at, dump, lines.number(), lines.start(), lines.end())) {
      return;
    }
    if (tokens.count() <= at + 1) {
      throw new DumpProblem("expected -A, -I, -N or -P followed by a chain");
    }
    String cmd = tokens.raw(at);
    String chain = names.intern(dump, tokens.start(at + 1), tokens.end(at + 1), true);
    switch (cmd) {
      case "-N", "--new-chain" -> {
        expectCount(at + 2);
        if (noflush && table.exists(chain) || TableBuilder.BUILTINS.contains(chain)) {
          throw new DumpProblem(
              "chain " + chain + " already exists: the kernel refuses -N of an existing chain");
        }
        table.declare(chain, null, lines.number());
      }
      case "-P", "--policy" -> {
        expectCount(at + 3);
        checkPolicy(tokens.raw(at + 2));
        table.declare(chain, tokens.raw(at + 2), lines.number());
      }
      default ->
          throw new DumpProblem(
              "unknown command \""
                  + NatParseException.cut(cmd)
                  + "\" (expected -A, -I, -D, -R, -N, -X, -F, -E, -P, -C, -Z, -L or -S)");
    }
  }

  private void addRule(RuleLine rule) {
    table.add(
        new Rule(
            rule.chain(),
            lines.number(),
            dump,
            rule.textStart(),
            lines.end(),
            null,
            rule.body().target(),
            rule.rendered()),
        rule.position());
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
            dump.substring(lastStart, lastEnd),
            "table *"
                + currentTable
                + " (line "
                + tableLine
                + ") has no COMMIT: the dump looks truncated");
      }
      if (!sawNat && !noflush) {
        throw new NatParseException(
            0, "", "this iptables-save dump has no *nat table (try iptables-save -t nat)");
      }
    }
    return table.build();
  }
}
