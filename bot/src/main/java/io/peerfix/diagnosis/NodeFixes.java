package io.peerfix.diagnosis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The node fix: the smallest masquerade rule, inserted first in nat POSTROUTING, for the database's
 * address (/32) or, as an option, for the peer VPC's range. Each comes as an {@code iptables}
 * argument list, the same as one command line, and the line for an {@code iptables-restore} file.
 */
final class NodeFixes {
  private NodeFixes() {}

  static Fix forAddress(String address, List<NodeAnalysis> nodes) {
    return rule(
        address + "/32",
        nodes,
        "masquerade pod traffic to the database "
            + address
            + " so it leaves with the node's address, which the peering carries (the smallest"
            + " change: one rule, one destination)");
  }

  static Fix forRange(String cidr, String peerVpcId, List<NodeAnalysis> nodes) {
    return rule(
        cidr,
        nodes,
        "option: masquerade pod traffic to all of "
            + (peerVpcId == null ? "the peer VPC" : peerVpcId)
            + " ("
            + cidr
            + "), so other databases there work too");
  }

  private static Fix rule(String destination, List<NodeAnalysis> nodes, String description) {
    String out = commonOutIface(nodes);
    List<String> ruleArgs = List.of("-d", destination, "-o", out, "-j", "MASQUERADE");
    List<String> command =
        new ArrayList<>(List.of("iptables", "-t", "nat", "-I", "POSTROUTING", "1"));
    command.addAll(ruleArgs);
    String restoreLine = "-I POSTROUTING 1 " + String.join(" ", ruleArgs);
    String apply =
        String.join(" ", command)
            + "\n# or as a line under *nat in an iptables-restore --noflush file:\n"
            + restoreLine;
    return new Fix(FixKind.NODE_NAT, scope(nodes), description, apply, command);
  }

  /** "all 2 nodes whose nat table leaves pod traffic unmasqueraded: a, b". */
  static String scope(List<NodeAnalysis> nodes) {
    return "all "
        + nodes.size()
        + " node(s) whose nat table leaves the pods' traffic to the database unmasqueraded: "
        + Texts.names(nodes);
  }

  /** The out-interface most of the nodes route the database through. */
  private static String commonOutIface(List<NodeAnalysis> nodes) {
    Map<String, Long> counts =
        nodes.stream()
            .collect(Collectors.groupingBy(NodeAnalysis::outIface, Collectors.counting()));
    return counts.entrySet().stream()
        .max(
            Map.Entry.<String, Long>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
        .map(Map.Entry::getKey)
        .orElse("eth0");
  }
}
