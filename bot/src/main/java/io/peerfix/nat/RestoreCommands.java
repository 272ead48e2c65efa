package io.peerfix.nat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands of the {@code iptables-restore} syntax beyond appending and inserting rules and
 * declaring chains: {@code -D} (by number or by rule), {@code -R}, {@code -C}, {@code -F}, {@code
 * -X}, {@code -E}, and {@code -Z}, {@code -L}, {@code -S} (which change nothing). They change the
 * table being built as the kernel would, and refuse what the kernel refuses (a rule or chain that
 * does not exist, a chain still referenced or not empty), naming the line. Such commands are what
 * payloads for {@code iptables-restore --noflush} hold; applied to no base they usually find
 * nothing to act on, and the message says to give the base.
 */
final class RestoreCommands {
  private static final String NO_BASE =
      " (if these lines are a payload for iptables-restore --noflush, give the table they apply"
          + " to as the base: nat explain --base FILE)";
  private static final List<String> LISTING_FLAGS =
      List.of("-n", "--numeric", "-v", "--verbose", "-x", "--exact", "--line-numbers", "-L", "-Z");

  private final LineTokens tokens;
  private final Names names;
  private final TableBuilder table;
  private final RuleParser full;
  private boolean onBase;

  RestoreCommands(LineTokens tokens, Names names, TableBuilder table) {
    this.tokens = tokens;
    this.names = names;
    this.table = table;
    this.full = new RuleParser(tokens, names, true);
  }

  /** The table started from a base: missing chains and rules are then not a missing base. */
  void onBase() {
    onBase = true;
  }

  /**
   * Runs the command at token {@code at} on line {@code line} ({@code dump} spans it from {@code
   * start} to {@code end}); returns false when it is not one of these commands.
   */
  boolean run(int at, DumpText dump, int line, int start, int end) {
    String cmd = tokens.raw(at);
    switch (cmd) {
      case "-D", "--delete" -> delete(at);
      case "-R", "--replace" -> replace(at, dump, line, start, end);
      case "-C", "--check" -> check(at);
      case "-F", "--flush" -> flush(at);
      case "-X", "--delete-chain" -> deleteChain(at);
      case "-E", "--rename-chain" -> rename(at);
      case "-Z", "--zero", "-L", "--list", "-S", "--list-rules" -> look(at);
      default -> {
        return false;
      }
    }
    return true;
  }

  private String chain(int i) {
    if (i >= tokens.count()) {
      throw new DumpProblem("\"" + tokens.raw(i - 1) + "\" needs a chain");
    }
    return names.intern(tokens.dump(), tokens.start(i), tokens.end(i), true);
  }

  private List<Rule> existing(String chain) {
    if (!table.exists(chain)) {
      throw missing("chain " + chain + " does not exist");
    }
    return table.rulesOf(chain);
  }

  private DumpProblem missing(String what) {
    return new DumpProblem(
        what + " (the kernel refuses the whole restore)" + (onBase ? "" : NO_BASE));
  }

  private boolean isNumber(int i) {
    return i < tokens.count() && Character.isDigit(tokens.first(i));
  }

  private int position(int i, List<Rule> rules, String chain) {
    int position = Values.port(tokens.raw(i));
    if (position < 1 || position > rules.size()) {
      throw missing(
          "chain " + chain + " has no rule " + position + " (it has " + rules.size() + ")");
    }
    return position;
  }

  private void delete(int at) {
    String chain = chain(at + 1);
    List<Rule> rules = existing(chain);
    if (isNumber(at + 2) && tokens.count() == at + 3) {
      rules.remove(position(at + 2, rules, chain) - 1);
      return;
    }
    rules.remove(find(chain, rules, at + 2));
  }

  private void check(int at) {
    String chain = chain(at + 1);
    find(chain, existing(chain), at + 2);
  }

  /** The first rule of {@code chain} equal to the rule spec from token {@code from}. */
  private int find(String chain, List<Rule> rules, int from) {
    RuleParser.Body spec = full.parse(from);
    String wanted = Rule.render(chain, List.of(spec.matches()), spec.target());
    // Comments are part of the rule for the kernel but not kept as matches: compared apart.
    List<String> comments = comments(tokens.span(from, tokens.count() - 1));
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      if (wanted.equals(Rule.render(chain, List.of(rule.matches()), rule.target()))
          && comments.equals(comments(rule.text()))) {
        return i;
      }
    }
    throw missing(
        "chain " + chain + " has no rule " + wanted.substring(3 + chain.length()).strip());
  }

  /** The values of every {@code --comment} in a rule's text, unquoted as iptables reads them. */
  private static List<String> comments(String text) {
    LineTokens split = new LineTokens();
    DumpText line = DumpText.of(text);
    if (split.split(line, 0, line.length()) != null) {
      return List.of(text);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i + 1 < split.count(); i++) {
      if (split.is(i, "--comment")) {
        out.add(split.raw(i + 1));
      }
    }
    return out;
  }

  private void replace(int at, DumpText dump, int line, int start, int end) {
    String chain = chain(at + 1);
    List<Rule> rules = existing(chain);
    if (!isNumber(at + 2)) {
      throw new DumpProblem("-R needs a rule number, then the rule");
    }
    int position = position(at + 2, rules, chain);
    RuleParser.Body body = full.parse(at + 3);
    String text = ("-A " + chain + " " + tokens.span(at + 3, tokens.count() - 1)).strip();
    rules.set(
        position - 1, new Rule(chain, line, dump, start, end, body.matches(), body.target(), text));
  }

  private void flush(int at) {
    if (tokens.count() == at + 1) {
      for (String name : table.chainNames()) {
        table.rulesOf(name).clear();
      }
      return;
    }
    expectEnd(at + 2);
    existing(chain(at + 1)).clear();
  }

  private void deleteChain(int at) {
    if (tokens.count() == at + 1) {
      for (String name : table.chainNames()) {
        if (!TableBuilder.BUILTINS.contains(name)) {
          deleteOne(name);
        }
      }
      return;
    }
    expectEnd(at + 2);
    String chain = chain(at + 1);
    if (TableBuilder.BUILTINS.contains(chain)) {
      throw new DumpProblem("built-in chain " + chain + " cannot be deleted");
    }
    existing(chain);
    deleteOne(chain);
  }

  private void deleteOne(String chain) {
    if (!table.rulesOf(chain).isEmpty()) {
      throw new DumpProblem(
          "chain "
              + chain
              + " still has rules: the kernel deletes only empty chains (-F it first)");
    }
    String from = referrer(chain);
    if (from != null) {
      throw new DumpProblem(
          "chain " + chain + " is still jumped to from chain " + from + ": the kernel refuses it");
    }
    table.remove(chain);
  }

  /** A chain with a rule that jumps or goes to {@code chain}, or null. */
  private String referrer(String chain) {
    for (String name : table.chainNames()) {
      for (Rule rule : table.rulesOf(name)) {
        if (chain.equals(jumpsTo(rule.target()))) {
          return name;
        }
      }
    }
    return null;
  }

  private static String jumpsTo(Target target) {
    if (target instanceof Target.Jump jump) {
      return jump.chain();
    }
    return target instanceof Target.Goto go ? go.chain() : null;
  }

  private void rename(int at) {
    expectEnd(at + 3);
    String from = chain(at + 1);
    String to = chain(at + 2);
    if (TableBuilder.BUILTINS.contains(from)) {
      throw new DumpProblem("built-in chain " + from + " cannot be renamed");
    }
    existing(from);
    if (table.exists(to) || TableBuilder.BUILTINS.contains(to)) {
      throw new DumpProblem("chain " + to + " already exists");
    }
    table.rename(from, to);
    Pattern jump = Pattern.compile("(-j|-g|--jump|--goto) " + Pattern.quote(from) + "(?=\\s|$)");
    for (String name : table.chainNames()) {
      List<Rule> rules = table.rulesOf(name);
      for (int i = 0; i < rules.size(); i++) {
        rules.set(i, renamed(rules.get(i), from, to, jump));
      }
    }
  }

  private static Rule renamed(Rule rule, String from, String to, Pattern jump) {
    boolean moves = rule.chain().equals(from);
    boolean points = from.equals(jumpsTo(rule.target()));
    if (!moves && !points) {
      return rule;
    }
    String text = rule.text();
    if (moves) {
      text = "-A " + to + text.substring(3 + from.length());
    }
    Target target = rule.target();
    if (points) {
      text = jump.matcher(text).replaceFirst("$1 " + Matcher.quoteReplacement(to));
      target = target instanceof Target.Goto ? new Target.Goto(to) : new Target.Jump(to);
    }
    return rule.with(moves ? to : rule.chain(), target, text);
  }

  /**
   * {@code -Z}, {@code -L}, {@code -S}: the chain (and rule number) must exist; nothing changes.
   */
  private void look(int at) {
    List<String> rest = new ArrayList<>();
    for (int i = at + 1; i < tokens.count(); i++) {
      rest.add(tokens.raw(i));
    }
    rest.removeIf(LISTING_FLAGS::contains);
    if (rest.isEmpty()) {
      return;
    }
    String chain = rest.get(0);
    if (!table.exists(chain)) {
      throw missing("chain " + chain + " does not exist");
    }
    if (rest.size() > 2 || rest.size() == 2 && !Character.isDigit(rest.get(1).charAt(0))) {
      throw new DumpProblem(
          "unexpected \"" + NatParseException.cut(rest.get(rest.size() - 1)) + "\"");
    }
  }

  private void expectEnd(int count) {
    if (tokens.count() > count) {
      throw new DumpProblem("unexpected \"" + NatParseException.cut(tokens.raw(count)) + "\"");
    }
  }
}
