package io.peerfix.nat;

import java.util.List;

/**
 * The port matches of an {@code iptables -L} row's text ({@code tcp dpt:80}, {@code multiport
 * dports 80,443}, {@code flags:FIN,SYN,RST,ACK/SYN}), for {@link ListingExtras}. Each reader
 * returns the index of the first token it did not read, or -1 when the text is not its rendering.
 */
final class ListingPorts {
  private ListingPorts() {}

  /** {@code dpt:80 spts:1:1023 flags:0x17/0x02} after {@code tcp}/{@code udp}/{@code sctp}. */
  static int ports(LineTokens t, int i, int end, String module, List<Match> out) {
    while (i < end) {
      String word = t.raw(i);
      int colon = word.indexOf(':');
      String key = colon < 0 ? word : word.substring(0, colon + 1);
      String value = colon < 0 ? "" : word.substring(colon + 1);
      boolean negated = value.startsWith("!");
      value = negated ? value.substring(1) : value;
      switch (key) {
        case "dpt:", "dpts:" ->
            out.add(
                new Match.Ports(
                    module, Match.PortSide.DESTINATION, List.of(Values.portRange(value)), negated));
        case "spt:", "spts:" ->
            out.add(
                new Match.Ports(
                    module, Match.PortSide.SOURCE, List.of(Values.portRange(value)), negated));
        case "flags:" -> {
          if (!module.equals("tcp")) {
            return i;
          }
          int slash = value.indexOf('/');
          if (slash < 0) {
            return i;
          }
          int mask = flags(value.substring(0, slash));
          int comp = flags(value.substring(slash + 1));
          out.add(new Match.TcpFlags(mask, comp, negated, flagNames(mask) + " " + flagNames(comp)));
        }
        default -> {
          return i;
        }
      }
      i++;
    }
    return i;
  }

  /** {@code dports 80,443} after {@code multiport}; {@code negate}: a "!" came before. */
  static int multiport(LineTokens t, int i, int end, boolean negate, List<Match> out) {
    if (i + 1 >= end) {
      return -1;
    }
    Match.PortSide side =
        switch (t.raw(i)) {
          case "dports" -> Match.PortSide.DESTINATION;
          case "sports" -> Match.PortSide.SOURCE;
          case "ports" -> Match.PortSide.EITHER;
          default -> null;
        };
    if (side == null) {
      return -1;
    }
    int at = i + 1;
    boolean negated = negate;
    if (t.is(at, "!") && at + 1 < end) {
      negated = true;
      at++;
    }
    String list = t.raw(at);
    if (list.startsWith("!")) {
      negated = true;
      list = list.substring(1);
    }
    out.add(new Match.Ports("multiport", side, Values.portList(list), negated));
    return at + 1;
  }

  /** Flags as the listing prints them: hex with -n, names (FIN,SYN,...) otherwise. */
  private static int flags(String text) {
    return text.startsWith("0x") ? Values.u32(text, "tcp flags") : TcpFlagNames.parse(text);
  }

  private static String flagNames(int bits) {
    String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG"};
    StringBuilder out = new StringBuilder();
    for (int b = 0; b < names.length; b++) {
      if ((bits & (1 << b)) != 0) {
        out.append(out.length() == 0 ? "" : ",").append(names[b]);
      }
    }
    return out.length() == 0 ? "NONE" : out.toString();
  }
}
