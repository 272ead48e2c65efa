package io.peerfix.nat;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code iptables -t nat -L -n [-v] [-x] [--line-numbers]}. The listing is lossy: without
 * {@code -v} it has no interfaces, and extension text is free-form. Whatever cannot be read back
 * into a match or target becomes a {@link Match.Unknown}, so evaluation forks there instead of
 * guessing.
 */
final class ListingParser {
  static final String NO_INTERFACES = "[-i/-o not shown by -L without -v]";

  private final DumpText dump;
  private final Lines lines;
  private final LineTokens tokens = new LineTokens();
  private final TableBuilder table = new TableBuilder(DumpFormat.IPTABLES_LIST, new Names());
  private String chain;
  private boolean header;
  private boolean numbered;
  private boolean counters;
  private boolean interfaces;
  private boolean warnedNoInterfaces;

  /** A parser that skips elision lines, each said in {@code elisions}. */
  ListingParser(DumpText dump, List<String> elisions) {
    this.dump = dump;
    this.lines = new Lines(dump, elisions);
  }

  NatTable parse() {
    while (lines.advance()) {
      int first = lines.firstNonBlank();
      if (first == lines.end()) {
        continue;
      }
      lines.checkText();
      try {
        line(first);
      } catch (DumpProblem problem) {
        throw new NatParseException(lines.number(), lines.current(), problem.getMessage());
      }
    }
    return table.build();
  }

  private void line(int first) {
    tokens.split(dump, first, lines.end(), false);
    if (tokens.is(0, "Chain")) {
      chainHeader();
    } else if (tokens.is(0, "pkts") || tokens.is(0, "num") || tokens.is(0, "target")) {
      columns();
    } else if (chain == null || !header) {
      throw new DumpProblem("rule line before a \"Chain\" line and its column header");
    } else {
      row();
    }
  }

  /** {@code Chain NAME (policy ACCEPT 78 packets, 4680 bytes)} or {@code (2 references)}. */
  private void chainHeader() {
    if (tokens.count() < 3 || tokens.first(2) != '(') {
      throw new DumpProblem("bad chain line (expected \"Chain NAME (policy ...)\")");
    }
    chain = tokens.raw(1);
    header = false;
    if (tokens.is(2, "(policy")) {
      if (tokens.count() < 4) {
        throw new DumpProblem(
            "chain line cut short: \"(policy\" without the policy; paste the whole line, e.g."
                + " \"Chain "
                + chain
                + " (policy ACCEPT 0 packets, 0 bytes)\"");
      }
      String policy = tokens.raw(3);
      if (policy.endsWith(")")) {
        policy = policy.substring(0, policy.length() - 1);
      }
      if (!policy.equals("ACCEPT") && !policy.equals("DROP")) {
        throw new DumpProblem("bad policy \"" + policy + "\"");
      }
      table.declare(chain, policy, lines.number());
    } else {
      table.declare(chain, null, lines.number());
    }
  }

  private void columns() {
    header = true;
    numbered = tokens.is(0, "num");
    counters = false;
    interfaces = false;
    for (int i = 0; i < tokens.count(); i++) {
      counters |= tokens.is(i, "pkts");
      interfaces |= tokens.is(i, "in");
    }
    if (!interfaces && !warnedNoInterfaces) {
      warnedNoInterfaces = true;
      table.warn(
          "the listing has no in/out columns (iptables -L without -v): interface matches are"
              + " unknown, rules that might have them make the answer depend on them");
    }
  }

  private void row() {
    int i = 0;
    if (numbered) {
      number(i++, false);
    }
    if (counters) {
      number(i++, true);
      number(i++, true);
    }
    String targetName = null;
    if (!isOpt(i + 1)) {
      targetName = tokens.raw(i++);
    }
    String protocol = token(i++, "prot");
    String opt = token(i++, "opt");
    if (!isOpt(i - 1)) {
      throw new DumpProblem("bad opt column \"" + opt + "\"");
    }
    String in = interfaces ? token(i++, "in") : null;
    String out = interfaces ? token(i++, "out") : null;
    String source = token(i++, "source");
    String destination = token(i++, "destination");
    List<Match> matches = new ArrayList<>();
    address(matches, source, true);
    address(matches, destination, false);
    if (interfaces) {
      iface(matches, in, true);
      iface(matches, out, false);
    } else {
      matches.add(new Match.Unknown(NO_INTERFACES, "interfaces (not shown by -L without -v)"));
    }
    protocol(matches, protocol);
    if (opt.endsWith("f")) {
      matches.add(new Match.Fragment(opt.startsWith("!")));
    }
    ListingExtras extras = new ListingExtras(tokens, i, targetName);
    matches.addAll(extras.matches());
    Target target = extras.target();
    table.add(
        new Rule(
            chain,
            lines.number(),
            dump,
            lines.start(),
            lines.end(),
            matches.toArray(new Match[0]),
            target,
            Rule.render(chain, matches, target)),
        0);
  }

  private boolean isOpt(int i) {
    return i < tokens.count() && (tokens.is(i, "--") || tokens.is(i, "-f") || tokens.is(i, "!f"));
  }

  private String token(int i, String column) {
    if (i >= tokens.count()) {
      throw new DumpProblem("the " + column + " column is missing");
    }
    return tokens.raw(i);
  }

  private void number(int i, boolean suffix) {
    String value = token(i, suffix ? "pkts/bytes" : "num");
    int digits = 0;
    while (digits < value.length() && Character.isDigit(value.charAt(digits))) {
      digits++;
    }
    boolean ok =
        digits > 0
            && (digits == value.length()
                || suffix
                    && digits == value.length() - 1
                    && "KMGTP".indexOf(value.charAt(digits)) >= 0);
    if (!ok) {
      throw new DumpProblem(
          "expected a number in the "
              + (suffix ? "counter" : "num")
              + " column, got \""
              + value
              + "\"");
    }
  }

  private static void address(List<Match> matches, String text, boolean source) {
    boolean negated = text.startsWith("!");
    String body = negated ? text.substring(1) : text;
    Ipv4Cidr cidr = Ipv4Cidr.parse(body, 0, body.length());
    if (cidr == null) {
      throw new DumpProblem(
          body.indexOf(':') >= 0
              ? "IPv6 address \"" + body + "\": peerfix models IPv4 nat only"
              : "\"" + body + "\" is not a numeric address: list with iptables -L -n");
    }
    if (!cidr.isAny() || negated) {
      matches.add(new Match.Address(source, cidr, negated));
    }
  }

  private static void iface(List<Match> matches, String text, boolean in) {
    if (text.equals("*")) {
      return;
    }
    boolean negated = text.startsWith("!");
    matches.add(new Match.Interface(in, negated ? text.substring(1) : text, negated));
  }

  private static void protocol(List<Match> matches, String text) {
    boolean negated = text.startsWith("!");
    String name = negated ? text.substring(1) : text;
    int number = Protocols.number(name);
    if (number < 0) {
      throw new DumpProblem("unknown protocol \"" + name + "\"");
    }
    if (number != 0 || negated) {
      matches.add(new Match.Protocol(number, negated));
    }
  }
}
