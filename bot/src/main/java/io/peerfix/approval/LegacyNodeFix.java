package io.peerfix.approval;

import io.peerfix.diagnosis.Diagnosis;
import io.peerfix.diagnosis.Fix;
import io.peerfix.diagnosis.FixKind;
import io.peerfix.diagnosis.NodeObservation;
import io.peerfix.diagnosis.NodeVerdict;
import io.peerfix.diagnosis.Observations;
import io.peerfix.facts.NatFingerprint;
import io.peerfix.fix.FixNodeGroup;
import io.peerfix.fix.NatRule;
import io.peerfix.fix.NodeFix;
import io.peerfix.nat.NatAction;
import io.peerfix.net.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The diagnosis' node fix as a {@link NodeFix}, read from its NODE_NAT fix's argument list and its
 * per-node verdicts. A stop-gap until the diagnosis exposes its NodeFix itself: delete this file
 * then and use {@code Diagnosis.nodeFix()}.
 */
final class LegacyNodeFix {
  private LegacyNodeFix() {}

  static Optional<NodeFix> of(Diagnosis diagnosis, Observations observations) {
    Optional<Fix> nat =
        diagnosis.fixes().stream()
            .filter(f -> f.kind() == FixKind.NODE_NAT && !f.command().isEmpty())
            .findFirst();
    if (nat.isEmpty()) {
      return Optional.empty();
    }
    List<String> args = nat.get().command();
    int d = args.indexOf("-d");
    int o = args.indexOf("-o");
    if (d < 0 || o < 0 || d + 1 >= args.size() || o + 1 >= args.size()) {
      return Optional.empty();
    }
    NatRule rule = NatRule.masquerade(Cidr.parse(args.get(d + 1)), args.get(o + 1));
    Map<String, String> fingerprints = new TreeMap<>();
    for (NodeObservation node : observations.nodes()) {
      if (node.facts() != null) {
        fingerprints.put(node.node().name(), NatFingerprint.of(node.facts()));
      }
    }
    Map<String, List<String>> groups = new TreeMap<>();
    for (NodeVerdict verdict : diagnosis.nodes()) {
      if (verdict.natAction() == NatAction.MASQUERADE || verdict.natAction() == NatAction.SNAT) {
        continue;
      }
      String fp = fingerprints.getOrDefault(verdict.node(), "unknown");
      groups.computeIfAbsent(fp, k -> new ArrayList<>()).add(verdict.node());
    }
    if (groups.isEmpty()) {
      return Optional.empty();
    }
    List<FixNodeGroup> nodeGroups = new ArrayList<>();
    groups.forEach((fp, nodes) -> nodeGroups.add(new FixNodeGroup(token(fp), nodes)));
    return Optional.of(
        NodeFix.of(diagnosis.target().name(), "diagnosis", List.of(rule), nodeGroups));
  }

  private static String token(String fingerprint) {
    String clean = fingerprint.replaceAll("\\s", "");
    return clean.length() > 16 ? clean.substring(0, 16) : clean;
  }
}
