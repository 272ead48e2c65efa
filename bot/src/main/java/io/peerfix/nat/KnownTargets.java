package io.peerfix.nat;

import java.util.Set;

/**
 * Names of iptables target extensions the model does not evaluate. A {@code -j NAME} that is
 * neither a chain nor one of these nor a modeled target is an error (iptables could not load it).
 */
final class KnownTargets {
  private static final Set<String> EXTENSIONS =
      Set.of(
          "NETMAP",
          "CT",
          "NOTRACK",
          "TPROXY",
          "CLUSTERIP",
          "NFQUEUE",
          "QUEUE",
          "TEE",
          "AUDIT",
          "CHECKSUM",
          "CLASSIFY",
          "DSCP",
          "TOS",
          "TTL",
          "SET",
          "SECMARK",
          "CONNSECMARK",
          "TRACE",
          "ULOG",
          "REJECT",
          "IDLETIMER",
          "LED",
          "RATEEST",
          "SYNPROXY",
          "HMARK",
          "TCPMSS",
          "TCPOPTSTRIP",
          "ECN",
          "NFLOG",
          "CONNMARK",
          "MARK",
          "LOG",
          "SNAT",
          "DNAT",
          "MASQUERADE",
          "REDIRECT",
          "RETURN",
          "ACCEPT",
          "DROP",
          "JUMP",
          "XFRM",
          "FULLCONENAT");

  private KnownTargets() {}

  /** Whether this looks like a target extension rather than a user chain. */
  static boolean isExtension(String name) {
    return EXTENSIONS.contains(name);
  }
}
