package io.peerfix.nat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The options of the match modules {@link RuleParser} models ({@code -m tcp/udp/sctp}, multiport,
 * comment, mark, addrtype, set, conntrack/state, statistic), read into matches of the rule being
 * parsed.
 */
final class ModuleOptions {
  private final RuleParser p;
  private final LineTokens t;

  ModuleOptions(RuleParser parser, LineTokens tokens) {
    this.p = parser;
    this.t = tokens;
  }

  /** Reads option {@code i} of module {@code mod}; returns its last token, or -1 if unknown. */
  int option(String mod, int i, String opt) {
    switch (mod) {
      case "tcp", "udp", "sctp" -> {
        return portOption(mod, i, opt);
      }
      case "multiport" -> {
        Match.PortSide side =
            switch (opt) {
              case "--dports", "--destination-ports" -> Match.PortSide.DESTINATION;
              case "--sports", "--source-ports" -> Match.PortSide.SOURCE;
              case "--ports" -> Match.PortSide.EITHER;
              default -> null;
            };
        if (side == null) {
          return -1;
        }
        boolean negated = p.takeNegate();
        p.add(new Match.Ports("multiport", side, Values.portList(p.value(i)), negated));
        return i + 1;
      }
      case "comment" -> {
        if (!opt.equals("--comment")) {
          return -1;
        }
        // Never affects matching and stays visible in the rule's own text: not kept as a match,
        // and not even copied out of the dump (nearly every rule of a kube-proxy table has one).
        p.need(i);
        return i + 1;
      }
      case "mark" -> {
        if (!opt.equals("--mark")) {
          return -1;
        }
        boolean negated = p.takeNegate();
        int[] vm = Values.valueMask(p.value(i), "mark");
        p.add(new Match.Mark(vm[0], vm[1], negated));
        return i + 1;
      }
      case "addrtype" -> {
        return addrTypeOption(i, opt);
      }
      case "set" -> {
        return setOption(i, opt);
      }
      case "conntrack", "state" -> {
        if (!opt.equals(mod.equals("state") ? "--state" : "--ctstate")) {
          return -1;
        }
        boolean negated = p.takeNegate();
        List<String> states = knownWords(i, RuleWords.CT_STATES, "connection state");
        p.add(new Match.ConnState(mod, states, negated));
        return i + 1;
      }
      case "statistic" -> {
        return statisticOption(i, opt);
      }
      default -> {
        return -1;
      }
    }
  }

  private int portOption(String mod, int i, String opt) {
    switch (opt) {
      case "--dport", "--destination-port", "--sport", "--source-port" -> {
        boolean negated = p.takeNegate();
        int at = p.oldStyleNegate(i);
        negated |= at > i;
        Match.PortSide side =
            opt.equals("--dport") || opt.equals("--destination-port")
                ? Match.PortSide.DESTINATION
                : Match.PortSide.SOURCE;
        PortRange range = portRange(at + 1);
        if (p.keepsMatches()) {
          p.add(new Match.Ports(mod, side, List.of(range), negated));
        }
        return at + 1;
      }
      case "--syn" -> {
        if (!mod.equals("tcp")) {
          return -1;
        }
        p.add(new Match.TcpFlags(0x17, 0x02, p.takeNegate(), "FIN,SYN,RST,ACK SYN"));
        return i;
      }
      case "--tcp-flags" -> {
        if (!mod.equals("tcp")) {
          return -1;
        }
        boolean negated = p.takeNegate();
        String mask = p.value(i);
        String comparison = p.value(i + 1);
        p.add(
            new Match.TcpFlags(
                TcpFlagNames.parse(mask),
                TcpFlagNames.parse(comparison),
                negated,
                mask + " " + comparison));
        return i + 2;
      }
      default -> {
        return -1;
      }
    }
  }

  private int addrTypeOption(int i, String opt) {
    boolean source = opt.equals("--src-type");
    if (!source && !opt.equals("--dst-type")) {
      return -1;
    }
    boolean negated = p.takeNegate();
    List<String> types = knownWords(i, RuleWords.ADDRESS_TYPES, "address type");
    p.add(new Match.AddrType(source, types, negated));
    return i + 1;
  }

  private int setOption(int i, String opt) {
    if (!opt.equals("--match-set")) {
      return -1;
    }
    boolean negated = p.takeNegate();
    String name = p.value(i);
    List<Boolean> flags = new ArrayList<>();
    for (String flag : Values.words(p.value(i + 1))) {
      if (!flag.equals("src") && !flag.equals("dst")) {
        throw new DumpProblem("bad --match-set direction \"" + flag + "\" (src or dst)");
      }
      flags.add(flag.equals("src"));
    }
    p.add(new Match.Set(name, flags, negated));
    return i + 2;
  }

  private int statisticOption(int i, String opt) {
    switch (opt) {
      case "--mode", "--probability", "--every", "--packet" -> {
        p.need(i);
        p.clearNegate();
        if (p.keepsMatches() && p.moduleHasNoMatch()) {
          p.add(new Match.Statistic("", false));
        }
        return i + 1;
      }
      default -> {
        return -1;
      }
    }
  }

  /** The comma-separated value of option {@code i}, each word one of {@code known}. */
  private List<String> knownWords(int i, Set<String> known, String what) {
    List<String> words = Values.words(p.value(i));
    for (String word : words) {
      if (!known.contains(word)) {
        throw new DumpProblem("unknown " + what + " \"" + word + "\"");
      }
    }
    return words;
  }

  /**
   * A port range token; a plain port (the common case) is read from the dump's bytes without
   * copying, anything else goes through {@link Values#portRange(String)}.
   */
  private PortRange portRange(int token) {
    p.need(token - 1);
    byte[] b = t.dump().bytes();
    int start = t.start(token);
    int end = t.end(token);
    if (end - start > 0 && end - start <= 5) {
      int port = 0;
      int k = start;
      while (k < end && b[k] >= '0' && b[k] <= '9') {
        port = port * 10 + (b[k] - '0');
        k++;
      }
      if (k == end && port <= 65535) {
        return new PortRange(port, port);
      }
    }
    return Values.portRange(t.value(token));
  }
}
