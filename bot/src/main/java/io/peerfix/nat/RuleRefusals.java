package io.peerfix.nat;

import java.util.Locale;
import java.util.Set;

/**
 * What iptables (both back ends) refuses in one rule although every option parsed, checked once the
 * whole rule is read: -m tcp/udp/sctp without that -p (nft accepts {@code ! -p tcp -m tcp}, which
 * then matches nothing; the model agrees), -m multiport without a positive -p of a protocol with
 * ports. Table-wide refusals (loops, targets in the wrong hook) are {@link KernelChecks}.
 */
final class RuleRefusals {
  private static final Set<Integer> PORT_PROTOCOLS = Set.of(6, 17, 33, 132, 136);

  private RuleRefusals() {}

  /**
   * @param portModule the rule's -m tcp/udp/sctp, or null
   * @param protocol the rule's -p number (0 all, -1 none given)
   * @param protocolNegated whether that -p is negated
   * @param multiport whether the rule has -m multiport
   * @throws DumpProblem when iptables would refuse the rule
   */
  static void protocolModules(
      String portModule, int protocol, boolean protocolNegated, boolean multiport) {
    if (portModule != null && protocol != Protocols.number(portModule)) {
      throw new DumpProblem(
          portModule.toUpperCase(Locale.ROOT)
              + " match requires '-p "
              + portModule
              + "' (iptables refuses -m "
              + portModule
              + " without it)");
    }
    if (multiport && (protocolNegated || !PORT_PROTOCOLS.contains(protocol))) {
      throw new DumpProblem(
          "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp' (iptables"
              + " refuses it otherwise)");
    }
  }
}
