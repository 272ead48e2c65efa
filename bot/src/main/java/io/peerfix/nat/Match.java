package io.peerfix.nat;

import java.util.List;

/**
 * One condition of a rule. Every match the model knows decides from the packet state; {@link
 * Unknown} stands for anything it does not know, which makes evaluation fork rather than guess.
 */
sealed interface Match {

  /** Tests the packet as it is at this point of the evaluation. */
  Tri test(PacketState p);

  /**
   * {@code test(p).value()} without building the reason: evaluation first looks for the condition
   * that fails, and only the reasons it reports are worth their strings (a packet is compared with
   * thousands of kube-proxy service rules, nearly all of which fail on the destination).
   */
  default Tri.Truth quick(PacketState p) {
    return test(p).value();
  }

  /** The match in iptables-save syntax, e.g. {@code ! -d 10.0.0.0/8}. */
  String render();

  /** True when this condition looks at the packet's destination (address, type, set or port). */
  default boolean onDestination() {
    return false;
  }

  private static String not(boolean negated) {
    return negated ? "! " : "";
  }

  /** {@code -s} or {@code -d}. */
  record Address(boolean source, Ipv4Cidr cidr, boolean negated) implements Match {
    @Override
    public Tri test(PacketState p) {
      return MatchReasons.address(this, p);
    }

    @Override
    public Tri.Truth quick(PacketState p) {
      return cidr.contains(source ? p.src : p.dst) != negated ? Tri.YES : Tri.NO;
    }

    @Override
    public String render() {
      return not(negated) + (source ? "-s " : "-d ") + cidr;
    }

    @Override
    public boolean onDestination() {
      return !source;
    }
  }

  /** {@code -i} or {@code -o}, with the kernel's {@code +} prefix wildcard. */
  record Interface(boolean in, String name, boolean negated) implements Match {
    @Override
    public Tri test(PacketState p) {
      return MatchReasons.iface(this, p);
    }

    @Override
    public String render() {
      return not(negated) + (in ? "-i " : "-o ") + name;
    }
  }

  /** {@code -p}. */
  record Protocol(int number, boolean negated) implements Match {
    @Override
    public Tri test(PacketState p) {
      return MatchReasons.protocol(this, p);
    }

    @Override
    public Tri.Truth quick(PacketState p) {
      return (number == 0 || number == p.protocol) != negated ? Tri.YES : Tri.NO;
    }

    @Override
    public String render() {
      return not(negated) + "-p " + Protocols.name(number);
    }
  }

  /** Which port(s) a port match looks at. */
  enum PortSide {
    SOURCE,
    DESTINATION,
    EITHER
  }

  /** {@code --sport/--dport} of tcp/udp/sctp, or {@code -m multiport}. */
  record Ports(String module, PortSide side, List<PortRange> ranges, boolean negated)
      implements Match {
    @Override
    public Tri test(PacketState p) {
      return PortMatch.test(this, p);
    }

    @Override
    public Tri.Truth quick(PacketState p) {
      return PortMatch.quick(this, p);
    }

    @Override
    public boolean onDestination() {
      return side != PortSide.SOURCE;
    }

    @Override
    public String render() {
      return PortMatch.render(this);
    }
  }

  /**
   * {@code -m comment}: never affects matching, kept for display. The text is cut from the dump
   * only when asked for: a kube-proxy table has a comment on nearly every rule.
   */
  final class Comment implements Match {
    private final DumpText dump;
    private final int start;
    private final int end;
    private String text;

    Comment(String text) {
      this(null, 0, 0);
      this.text = text;
    }

    /** A comment that is token {@code [start, end)} of the dump, possibly quoted. */
    Comment(DumpText dump, int start, int end) {
      this.dump = dump;
      this.start = start;
      this.end = end;
    }

    String text() {
      if (text == null) {
        text = LineTokens.unquote(dump, start, end);
      }
      return text;
    }

    @Override
    public Tri test(PacketState p) {
      return Tri.yes("comment");
    }

    @Override
    public String render() {
      return "-m comment --comment \"" + text().replace("\"", "\\\"") + "\"";
    }

    @Override
    public String toString() {
      return "Comment[" + text() + "]";
    }
  }

  /** {@code -m mark --mark value[/mask]}. */
  record Mark(int value, int mask, boolean negated) implements Match {
    @Override
    public Tri test(PacketState p) {
      return MatchReasons.mark(this, p);
    }

    @Override
    public String render() {
      return "-m mark "
          + not(negated)
          + "--mark "
          + hex(value)
          + (mask == -1 ? "" : "/" + hex(mask));
    }
  }

  /** {@code -m addrtype --src-type/--dst-type}. */
  record AddrType(boolean source, List<String> types, boolean negated) implements Match {
    @Override
    public Tri test(PacketState p) {
      return MatchReasons.addrType(this, p);
    }

    @Override
    public boolean onDestination() {
      return !source;
    }

    @Override
    public String render() {
      return "-m addrtype "
          + not(negated)
          + (source ? "--src-type " : "--dst-type ")
          + String.join(",", types);
    }
  }

  /** {@code -m set --match-set NAME src|dst[,...]}; contents come from the caller. */
  record Set(String name, List<Boolean> sourceFlags, boolean negated) implements Match {
    @Override
    public Tri test(PacketState p) {
      return p.node.ipSets().test(this, p).negate(negated);
    }

    @Override
    public boolean onDestination() {
      return sourceFlags.contains(Boolean.FALSE);
    }

    @Override
    public String render() {
      StringBuilder dirs = new StringBuilder();
      for (Boolean isSource : sourceFlags) {
        dirs.append(dirs.length() == 0 ? "" : ",").append(isSource ? "src" : "dst");
      }
      return "-m set " + not(negated) + "--match-set " + name + " " + dirs;
    }
  }

  /** {@code -m conntrack --ctstate} or {@code -m state --state}. */
  record ConnState(String module, List<String> states, boolean negated) implements Match {
    @Override
    public Tri test(PacketState p) {
      return MatchReasons.connState(this, p);
    }

    @Override
    public String render() {
      return module.equals("state")
          ? "-m state " + not(negated) + "--state " + String.join(",", states)
          : "-m conntrack " + not(negated) + "--ctstate " + String.join(",", states);
    }
  }

  /** {@code -m statistic}: random or every-nth, cannot be decided for one packet. */
  record Statistic(String options, boolean negated) implements Match {
    @Override
    public Tri test(PacketState p) {
      return Tri.unknown("chance (-m statistic " + options + ")");
    }

    @Override
    public String render() {
      return "-m statistic " + not(negated) + options;
    }
  }

  /** {@code --syn} / {@code --tcp-flags mask comp}: the first packet of a connection is a SYN. */
  record TcpFlags(int mask, int comparison, boolean negated, String text) implements Match {
    static final int SYN = 0x02;

    @Override
    public Tri test(PacketState p) {
      return MatchReasons.tcpFlags(this, p);
    }

    @Override
    public String render() {
      return "-m tcp " + not(negated) + "--tcp-flags " + text;
    }
  }

  /** {@code -f}: the first packet of a connection is taken to be unfragmented. */
  record Fragment(boolean negated) implements Match {
    @Override
    public Tri test(PacketState p) {
      return Tri.no("the packet is not a later fragment (assumed)").negate(negated);
    }

    @Override
    public String render() {
      return not(negated) + "-f";
    }
  }

  /** A match (module) the model does not know, or a part of a listing it cannot read. */
  record Unknown(String text, String what) implements Match {
    @Override
    public Tri test(PacketState p) {
      return Tri.unknown(what + " \"" + text + "\"");
    }

    @Override
    public String render() {
      return text;
    }
  }

  static String hex(int value) {
    return "0x" + Integer.toHexString(value);
  }
}
