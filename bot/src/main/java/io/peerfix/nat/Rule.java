package io.peerfix.nat;

import java.util.List;

/**
 * One rule: its chain, its 1-based position there, the dump line it came from, its matches and
 * target. {@link #text()} is always iptables-save form ({@code -A CHAIN ...}) whatever the input
 * form was; {@link #originalText()} is the line as pasted.
 */
public final class Rule {
  private final String chain;
  private final int line;
  private final DumpText source;
  private final int start;
  private final int end;

  /** Null until first needed for save/-S rules: see {@link #matches()}. */
  private volatile Match[] matches;

  private final Target target;
  private int index;
  private String text;

  Rule(
      String chain,
      int line,
      DumpText source,
      int start,
      int end,
      Match[] matches,
      Target target,
      String text) {
    this.chain = chain;
    this.line = line;
    this.source = source;
    this.start = start;
    this.end = end;
    this.matches = matches;
    this.target = target;
    this.text = text;
  }

  /** The same rule, for another table (its index is set there). */
  Rule copy() {
    return new Rule(chain, line, source, start, end, matches, target, text);
  }

  /** The same rule in chain {@code newChain} with {@code newTarget}, as save-form {@code text}. */
  Rule with(String newChain, Target newTarget, String newText) {
    return new Rule(newChain, line, source, start, end, matches, newTarget, newText);
  }

  public String chain() {
    return chain;
  }

  /** 1-based position in its chain. */
  public int index() {
    return index;
  }

  void index(int value) {
    index = value;
  }

  /** 1-based line of the dump this rule came from. */
  public int line() {
    return line;
  }

  /** The line as it was pasted. */
  public String originalText() {
    return source.substring(start, end);
  }

  /** The rule in iptables-save form, e.g. {@code -A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j X}. */
  public String text() {
    if (text == null) {
      text = originalText().strip();
    }
    return text;
  }

  /**
   * The rule's matches. For save and -S dumps they are not kept from parsing (the line was fully
   * validated then) but parsed again from the line the first time evaluation reaches the rule: a
   * packet visits a small part of a big table, and not keeping 100,000 rules' match objects spares
   * the garbage collector most of its work in a short-lived process.
   */
  Match[] matches() {
    Match[] known = matches;
    if (known == null) {
      known = RuleReparser.matches(source, start, end);
      matches = known;
    }
    return known;
  }

  Target target() {
    return target;
  }

  RuleRef ref() {
    return new RuleRef(chain, index, text());
  }

  @Override
  public String toString() {
    return text();
  }

  /** Renders a rule in iptables-save order: addresses, interfaces, protocol, matches, target. */
  static String render(String chain, List<Match> matches, Target target) {
    StringBuilder out = new StringBuilder("-A ").append(chain);
    for (Match match : matches) {
      out.append(' ').append(match.render());
    }
    String targetText = target.render();
    if (!targetText.isEmpty()) {
      out.append(' ').append(targetText);
    }
    return out.toString();
  }
}
