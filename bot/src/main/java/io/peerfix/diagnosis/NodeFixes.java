package io.peerfix.diagnosis;

import io.peerfix.facts.NatFingerprint;
import io.peerfix.fix.FixNodeGroup;
import io.peerfix.fix.NatRule;
import io.peerfix.fix.NodeFix;
import io.peerfix.net.Cidr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The node fixes: the smallest masquerade rule, for the database's address (/32) or, as an option,
 * for the peer VPC's range, out of the interface the nodes route the database through, for exactly
 * the affected nodes grouped by NAT fingerprint. Nodes that route the database out of different
 * interfaces get one fix per interface, the largest set first.
 */
final class NodeFixes {
  /** Stands for the fingerprint of a node whose nat table was not read. */
  static final String UNREAD = "unread";

  private NodeFixes() {}

  static List<NodeNatFix> forAddress(
      String target, String diagnosisId, Cidr destination, List<NodeAnalysis> nodes) {
    return rules(
        target,
        diagnosisId,
        destination,
        nodes,
        "masquerade pod traffic to the database "
            + destination.network()
            + " so it leaves with the node's address, which the peering carries (the smallest"
            + " change: one rule, one destination)");
  }

  static List<NodeNatFix> forRange(
      String target, String diagnosisId, Cidr range, String peerVpcId, List<NodeAnalysis> nodes) {
    return rules(
        target,
        diagnosisId,
        range,
        nodes,
        "option: masquerade pod traffic to all of "
            + (peerVpcId == null ? "the peer VPC" : peerVpcId)
            + " ("
            + range
            + "), so other databases there work too");
  }

  private static List<NodeNatFix> rules(
      String target,
      String diagnosisId,
      Cidr destination,
      List<NodeAnalysis> nodes,
      String description) {
    Map<String, List<NodeAnalysis>> byInterface =
        nodes.stream()
            .filter(n -> NatRule.validInterface(n.outIface()))
            .collect(
                Collectors.groupingBy(NodeAnalysis::outIface, TreeMap::new, Collectors.toList()));
    List<Map.Entry<String, List<NodeAnalysis>>> ordered = new ArrayList<>(byInterface.entrySet());
    ordered.sort(
        Comparator.comparingInt((Map.Entry<String, List<NodeAnalysis>> e) -> e.getValue().size())
            .reversed());
    List<NodeNatFix> fixes = new ArrayList<>();
    for (Map.Entry<String, List<NodeAnalysis>> entry : ordered) {
      NatRule rule = NatRule.masquerade(destination, entry.getKey());
      NodeFix fix = NodeFix.of(target, diagnosisId, List.of(rule), groups(entry.getValue()));
      fixes.add(new NodeNatFix(fix, description));
    }
    return fixes;
  }

  /** The nodes grouped by NAT fingerprint ({@link #UNREAD} for nodes without facts). */
  private static List<FixNodeGroup> groups(List<NodeAnalysis> nodes) {
    Map<String, List<String>> byFingerprint = new TreeMap<>();
    for (NodeAnalysis n : nodes) {
      String fingerprint =
          n.observation().facts() == null ? UNREAD : NatFingerprint.of(n.observation().facts());
      byFingerprint.computeIfAbsent(fingerprint, k -> new ArrayList<>()).add(n.name());
    }
    return byFingerprint.entrySet().stream()
        .map(e -> new FixNodeGroup(e.getKey(), e.getValue().stream().distinct().toList()))
        .toList();
  }
}
