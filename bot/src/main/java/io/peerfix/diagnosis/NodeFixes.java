package io.peerfix.diagnosis;

import io.peerfix.facts.NatFingerprint;
import io.peerfix.facts.NodeFacts;
import io.peerfix.fix.FixNodeGroup;
import io.peerfix.fix.NatRule;
import io.peerfix.fix.NodeFix;
import io.peerfix.net.Cidr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
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
      String target,
      String diagnosisId,
      Cidr destination,
      List<NodeAnalysis> nodes,
      Map<NodeAnalysis, String> fingerprints) {
    return rules(
        target,
        diagnosisId,
        destination,
        nodes,
        fingerprints,
        "masquerade pod traffic to the database "
            + destination.network()
            + " so it leaves with the node's address, which the peering carries (the smallest"
            + " change: one rule, one destination)");
  }

  static List<NodeNatFix> forRange(
      String target,
      String diagnosisId,
      Cidr range,
      String peerVpcId,
      List<NodeAnalysis> nodes,
      Map<NodeAnalysis, String> fingerprints) {
    return rules(
        target,
        diagnosisId,
        range,
        nodes,
        fingerprints,
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
      Map<NodeAnalysis, String> fingerprints,
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
      NodeFix fix =
          NodeFix.of(target, diagnosisId, List.of(rule), groups(entry.getValue(), fingerprints));
      fixes.add(new NodeNatFix(fix, description));
    }
    return fixes;
  }

  /**
   * Each node's NAT fingerprint ({@link #UNREAD} for nodes without facts), worked out once for all
   * the fixes of a diagnosis: over 1,000 nodes it is most of the diagnosis' cost.
   */
  static Map<NodeAnalysis, String> fingerprints(List<NodeAnalysis> nodes) {
    Map<NodeAnalysis, String> fingerprints = new IdentityHashMap<>();
    for (NodeAnalysis n : nodes) {
      NodeFacts facts = n.observation().facts();
      fingerprints.put(n, facts == null ? UNREAD : NatFingerprint.of(facts));
    }
    return fingerprints;
  }

  /** The nodes grouped by NAT fingerprint. */
  private static List<FixNodeGroup> groups(
      List<NodeAnalysis> nodes, Map<NodeAnalysis, String> fingerprints) {
    Map<String, List<String>> byFingerprint = new TreeMap<>();
    for (NodeAnalysis n : nodes) {
      byFingerprint.computeIfAbsent(fingerprints.get(n), k -> new ArrayList<>()).add(n.name());
    }
    return byFingerprint.entrySet().stream()
        .map(e -> new FixNodeGroup(e.getKey(), e.getValue().stream().distinct().toList()))
        .toList();
  }
}
