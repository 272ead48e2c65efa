package io.peerfix.agent.reconcile;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One rule a fix wants in peerfix's chain: the fix's name and the rule's match and target arguments
 * ({@code [-d, 10.0.5.20/32, -o, eth0, -j, MASQUERADE]}, as {@code NatRule.iptablesArgs()} gives
 * them). The executor adds the chain and the marker comment.
 *
 * <p>Every argument must be one plain token ({@code [A-Za-z0-9_.:/@!+-]}): the restore payload is
 * line-based text, so a space, quote or newline in an argument could smuggle a second rule in.
 */
public record DesiredRule(String fix, List<String> args) {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.:/@!+-]{1,64}");

  public DesiredRule {
    FixNames.check(fix);
    args = List.copyOf(args);
    if (args.isEmpty() || !args.contains("-j")) {
      throw new IllegalArgumentException("rule " + args + " has no target (-j): nothing to write");
    }
    for (String arg : args) {
      if (!TOKEN.matcher(arg).matches()) {
        throw new IllegalArgumentException(
            "rule argument \"" + arg + "\" is not one plain iptables token; refused");
      }
    }
  }

  public Marker marker() {
    return Marker.of(fix, PeerfixChains.CHAIN, args);
  }

  /** The restore line that appends this rule, marker comment first. */
  String appendLine() {
    return "-A "
        + PeerfixChains.CHAIN
        + " -m comment --comment "
        + marker().comment()
        + " "
        + String.join(" ", args);
  }
}
