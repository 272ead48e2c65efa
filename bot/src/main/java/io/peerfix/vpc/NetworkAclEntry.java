package io.peerfix.vpc;

import io.peerfix.net.Cidr;
import java.util.Locale;
import java.util.Objects;

/**
 * One network ACL entry: rule number (lower is evaluated first; 32767 is the catch-all), direction,
 * IP protocol as EC2 names it ({@code -1} for all, {@code 6}/{@code tcp}, ...), port range (ignored
 * for {@code -1}), IPv4 CIDR and whether it allows or denies.
 */
public record NetworkAclEntry(
    int ruleNumber,
    boolean egress,
    String protocol,
    int fromPort,
    int toPort,
    Cidr cidr,
    boolean allow)
    implements HopEntry {
  public NetworkAclEntry {
    protocol = protocol == null ? "-1" : protocol.toLowerCase(Locale.ROOT);
    Objects.requireNonNull(cidr, "cidr");
  }

  /** True when the entry's protocol is TCP or all protocols. */
  public boolean coversTcp() {
    return protocol.equals("-1")
        || protocol.equals("all")
        || protocol.equals("6")
        || protocol.equals("tcp");
  }

  /** True when the entry restricts ports (TCP or UDP with a port range). */
  public boolean hasPortRange() {
    return !(protocol.equals("-1") || protocol.equals("all"));
  }

  @Override
  public Kind entryKind() {
    return Kind.NETWORK_ACL_ENTRY;
  }

  /** Short text such as {@code rule 100 deny tcp 5432 10.0.0.0/16 (ingress)}. */
  @Override
  public String text() {
    return ruleText() + " (" + (egress ? "egress" : "ingress") + ")";
  }

  /** The text without the direction, e.g. {@code rule * (deny all traffic, 0.0.0.0/0)}. */
  public String ruleText() {
    String rule = ruleNumber == 32767 ? "rule *" : "rule " + ruleNumber;
    String ports =
        hasPortRange()
            ? (protocol.equals("6") ? "tcp" : protocol)
                + " "
                + (fromPort == toPort ? String.valueOf(fromPort) : fromPort + "-" + toPort)
            : "all traffic";
    return rule + " (" + (allow ? "allow " : "deny ") + ports + ", " + cidr + ")";
  }
}
