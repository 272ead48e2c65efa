package io.peerfix.nat;

import java.util.Set;

/**
 * The words of the rule syntax {@link RuleParser} knows: the match modules it models, the address
 * types and conntrack states it accepts, and every option and keyword it switches on (interned up
 * front so a dump's tokens resolve to these constants).
 */
final class RuleWords {
  private RuleWords() {}

  /** The match modules modeled, listed once: they are keywords as well. */
  private static final String[] MODULE_NAMES = {
    "tcp",
    "udp",
    "sctp",
    "multiport",
    "comment",
    "mark",
    "addrtype",
    "set",
    "conntrack",
    "state",
    "statistic"
  };

  static final Set<String> MODULES = Set.of(MODULE_NAMES);
  static final Set<String> ADDRESS_TYPES =
      Set.of(
          "UNSPEC",
          "UNICAST",
          "LOCAL",
          "BROADCAST",
          "ANYCAST",
          "MULTICAST",
          "BLACKHOLE",
          "UNREACHABLE",
          "PROHIBIT",
          "THROW",
          "NAT",
          "XRESOLVE");
  static final Set<String> CT_STATES =
      Set.of("INVALID", "NEW", "ESTABLISHED", "RELATED", "UNTRACKED", "SNAT", "DNAT");

  /** The options and target names the parser switches on. */
  private static final String[] OPTIONS_AND_TARGETS = {
    "-s",
    "--source",
    "--src",
    "-d",
    "--destination",
    "--dst",
    "-i",
    "--in-interface",
    "-o",
    "--out-interface",
    "-p",
    "--protocol",
    "-f",
    "--fragment",
    "-m",
    "--match",
    "-j",
    "--jump",
    "-g",
    "--goto",
    "-c",
    "--set-counters",
    "!",
    "--dport",
    "--destination-port",
    "--sport",
    "--source-port",
    "--syn",
    "--tcp-flags",
    "--dports",
    "--destination-ports",
    "--sports",
    "--source-ports",
    "--ports",
    "--comment",
    "--mark",
    "--src-type",
    "--dst-type",
    "--match-set",
    "--state",
    "--ctstate",
    "--mode",
    "--probability",
    "--every",
    "--packet",
    "--to-ports",
    "--random",
    "--random-fully",
    "--to-source",
    "--persistent",
    "--to-destination",
    "--set-xmark",
    "--set-mark",
    "--and-mark",
    "--or-mark",
    "--xor-mark",
    "--save-mark",
    "--restore-mark",
    "--mask",
    "--nfmask",
    "--ctmask",
    "--log-prefix",
    "--log-level",
    "RETURN",
    "ACCEPT",
    "DROP",
    "MASQUERADE",
    "SNAT",
    "DNAT",
    "REDIRECT",
    "MARK",
    "CONNMARK",
    "LOG",
    "NFLOG"
  };

  /** Every option and keyword the parser switches on, so tokens intern to these constants. */
  static final String[] KEYWORDS = concat(OPTIONS_AND_TARGETS, MODULE_NAMES);

  private static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** A fresh name table knowing every keyword of the rule syntax. */
  static Names names() {
    return new Names(KEYWORDS);
  }

  /**
   * As {@link #names()}, sized for the chain names of {@code dumpBytes} bytes of dump (a kube-proxy
   * table declares a chain per ~420 bytes), so a big table does not rehash it as it grows.
   */
  static Names names(long dumpBytes) {
    return new Names((int) Math.min(dumpBytes / 400, 1 << 22), KNOWN_WORDS);
  }

  /** The keywords interned once, copied into each dump's table (never attached to or grown). */
  private static final Names KNOWN_WORDS = new Names(KEYWORDS);
}
