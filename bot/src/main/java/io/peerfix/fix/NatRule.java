package io.peerfix.fix;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One source-rewriting nat rule a node fix consists of: rewrite the source of packets to {@code
 * destination} that leave by {@code outInterface}, by masquerading or by SNAT to {@code toSource}.
 * Only this shape can be expressed, so a fix never carries arbitrary iptables text.
 *
 * <p>Validated: SNAT needs {@code toSource} and MASQUERADE has none; the interface name is one the
 * kernel and iptables accept for an exact match: 1-15 characters of letters, digits, {@code _ . @
 * -}, not {@code .} or {@code ..} (the kernel's {@code dev_valid_name} also refuses {@code /},
 * {@code :} and whitespace; {@code +} would be an iptables wildcard).
 */
public record NatRule(
    NatRuleAction action, Cidr destination, String outInterface, Optional<Ipv4> toSource) {
  private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.@-]{1,15}");

  public NatRule {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(outInterface, "outInterface");
    toSource = toSource == null ? Optional.empty() : toSource;
    if (!validInterface(outInterface)) {
      throw new IllegalArgumentException(
          "\""
              + outInterface
              + "\" is not an interface name; give 1-15 letters, digits or _ . @ - (like eth0)");
    }
    if (action == NatRuleAction.SNAT && toSource.isEmpty()) {
      throw new IllegalArgumentException("an SNAT rule needs the address to rewrite the source to");
    }
    if (action == NatRuleAction.MASQUERADE && toSource.isPresent()) {
      throw new IllegalArgumentException(
          "a MASQUERADE rule takes the interface's address; it has no to-source address");
    }
  }

  /** Masquerade packets to {@code destination} leaving by {@code outInterface}. */
  public static NatRule masquerade(Cidr destination, String outInterface) {
    return new NatRule(NatRuleAction.MASQUERADE, destination, outInterface, Optional.empty());
  }

  /** Rewrite the source of packets to {@code destination} leaving by {@code outInterface}. */
  public static NatRule snat(Cidr destination, String outInterface, Ipv4 toSource) {
    return new NatRule(NatRuleAction.SNAT, destination, outInterface, Optional.of(toSource));
  }

  /** True when {@code name} is accepted as {@link #outInterface}. */
  public static boolean validInterface(String name) {
    return name != null
        && INTERFACE.matcher(name).matches()
        && !name.equals(".")
        && !name.equals("..");
  }

  /**
   * The rule's match and target as iptables arguments, e.g. {@code [-d, 10.0.5.20/32, -o, eth0, -j,
   * MASQUERADE]}: no binary, table or chain, which the executor chooses.
   */
  public List<String> iptablesArgs() {
    List<String> args =
        new ArrayList<>(
            List.of("-d", destination.toString(), "-o", outInterface, "-j", action.name()));
    toSource.ifPresent(
        source -> {
          args.add("--to-source");
          args.add(source.toString());
        });
    return List.copyOf(args);
  }

  /** The arguments joined by spaces, as they read in a rule line. */
  @Override
  public String toString() {
    return String.join(" ", iptablesArgs());
  }
}
