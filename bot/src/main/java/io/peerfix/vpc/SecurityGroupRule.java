package io.peerfix.vpc;

import io.peerfix.net.Cidr;
import java.util.List;
import java.util.Locale;

/**
 * One security-group permission: IP protocol as EC2 names it ({@code -1} for all, {@code tcp},
 * {@code udp}, {@code icmp} or a number), port range (ignored for {@code -1}), and the peers it
 * admits: IPv4 CIDRs, referenced security groups, prefix lists.
 */
public record SecurityGroupRule(
    String protocol,
    int fromPort,
    int toPort,
    List<Cidr> cidrs,
    List<String> groupIds,
    List<String> prefixListIds) {
  public SecurityGroupRule {
    protocol = protocol == null ? "-1" : protocol.toLowerCase(Locale.ROOT);
    cidrs = List.copyOf(cidrs);
    groupIds = List.copyOf(groupIds);
    prefixListIds = List.copyOf(prefixListIds);
  }

  /** A TCP rule for one port from the given CIDRs. */
  public static SecurityGroupRule tcpFromCidrs(int port, Cidr... cidrs) {
    return new SecurityGroupRule("tcp", port, port, List.of(cidrs), List.of(), List.of());
  }

  /** True when the rule's protocol and port range cover TCP {@code port}. */
  public boolean coversTcpPort(int port) {
    if (protocol.equals("-1") || protocol.equals("all")) {
      return true;
    }
    if (!protocol.equals("tcp") && !protocol.equals("6")) {
      return false;
    }
    return (fromPort == -1 && toPort == -1) || (port >= fromPort && port <= toPort);
  }

  /** Short text such as {@code tcp 5432 from 172.20.0.0/16, sg-1} (ingress wording). */
  public String text() {
    return text(true);
  }

  /** Short text such as {@code tcp 5432 to 10.0.0.0/16} for an egress rule. */
  public String text(boolean ingress) {
    String ports =
        protocol.equals("-1")
            ? "all traffic"
            : protocol + " " + (fromPort == toPort ? fromPort : fromPort + "-" + toPort);
    List<String> peers =
        java.util.stream.Stream.of(
                cidrs.stream().map(Cidr::toString), groupIds.stream(), prefixListIds.stream())
            .flatMap(s -> s)
            .toList();
    return ports
        + (ingress ? " from " : " to ")
        + (peers.isEmpty() ? "nothing" : String.join(", ", peers));
  }
}
