package io.peerfix.nat;

/**
 * The addresses and interfaces of the rule {@link RuleParser} is reading: {@code -s}, {@code -d}
 * (IPv4 only, as the nat table peerfix models), {@code -i}, {@code -o}, each negatable in the old
 * and new syntax.
 */
final class HeaderOptions {
  private final RuleParser p;
  private final LineTokens t;

  HeaderOptions(RuleParser parser, LineTokens tokens) {
    this.p = parser;
    this.t = tokens;
  }

  int address(int i, boolean source) {
    boolean negated = p.takeNegate();
    int at = p.oldStyleNegate(i);
    negated |= at > i;
    p.need(at);
    Ipv4Cidr cidr = Ipv4Cidr.parse(t.dump().bytes(), t.start(at + 1), t.end(at + 1));
    if (cidr == null) {
      String text = t.raw(at + 1);
      throw new DumpProblem(
          text.indexOf(':') >= 0
              ? "IPv6 address \"" + text + "\": peerfix models IPv4 nat only"
              : "bad address \"" + NatParseException.cut(text) + "\"");
    }
    if (p.keepsMatches()) {
      p.add(new Match.Address(source, cidr, negated));
    }
    return at + 1;
  }

  int iface(int i, boolean in) {
    boolean negated = p.takeNegate();
    int at = p.oldStyleNegate(i);
    negated |= at > i;
    String name = p.value(at);
    if (name.length() > 15) {
      throw new DumpProblem("interface name \"" + name + "\" is longer than 15 characters");
    }
    p.add(new Match.Interface(in, name, negated));
    return at + 1;
  }
}
