package io.peerfix.diagnosis;

import io.peerfix.nat.NatAction;
import io.peerfix.nat.NatVerdict;
import io.peerfix.nat.RuleRef;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.vpc.PathEvaluation;
import java.util.List;
import java.util.Optional;

/**
 * One node worked through: how its probes ended, its address and pod range, the pod packet the
 * model sent (source, whether a probe reported that source or the model chose an address of the pod
 * range, in- and out-interface), the NAT verdict for it, and the AWS model's paths for the pod's
 * packet (with its source after NAT) and for the node's own. Model parts that could not be computed
 * are null.
 */
record NodeAnalysis(
    NodeObservation observation,
    ProbeView pod,
    ProbeView host,
    Ipv4 nodeIp,
    Cidr podCidr,
    Ipv4 podSource,
    boolean podSourceObserved,
    String outIface,
    NatVerdict nat,
    PathEvaluation podPath,
    PathEvaluation hostPath) {

  String name() {
    return observation.name();
  }

  /** The source the pod's packet leaves the node with, per the model (null when unknown). */
  Ipv4 sourceAfterNat() {
    return nat == null || nat.action() == NatAction.INDETERMINATE ? null : nat.sourceAfter();
  }

  /** True when the model says the pod's packet leaves with an address other than the node's. */
  boolean leavesWithPodSource(List<Cidr> clusterCidrs) {
    if (nat == null) {
      return false;
    }
    return switch (nat.action()) {
      case NONE -> true;
      case SNAT ->
          sourceAfterNat() != null
              && !sourceAfterNat().equals(nodeIp)
              && Cidr.firstContaining(clusterCidrs, sourceAfterNat()).isEmpty();
      case MASQUERADE, INDETERMINATE -> false;
    };
  }

  /** True when the model says the pod's packet leaves as the node's own would. */
  boolean leavesAsNode(List<Cidr> clusterCidrs) {
    return nat != null
        && (nat.action() == NatAction.MASQUERADE
            || (nat.action() == NatAction.SNAT && !leavesWithPodSource(clusterCidrs)));
  }

  Optional<PathEvaluation> findPodPath() {
    return Optional.ofNullable(podPath);
  }

  Optional<PathEvaluation> findHostPath() {
    return Optional.ofNullable(hostPath);
  }

  NodeVerdict verdict() {
    return new NodeVerdict(
        name(),
        pod,
        observation.podProbeNode(),
        observation.podProbeStandsFor(),
        host,
        podSourceObserved ? Optional.ofNullable(podSource) : Optional.empty(),
        observedSourceAfterNat(),
        nat == null ? null : nat.action(),
        decidingRuleText(),
        podPath == null ? null : podPath.verdict(),
        hostPath == null ? null : hostPath.verdict());
  }

  /** The model's source after NAT, unless it is a sample source nobody observed, kept as is. */
  private Optional<Ipv4> observedSourceAfterNat() {
    if (nat != null && nat.action() == NatAction.NONE && !podSourceObserved) {
      return Optional.empty();
    }
    return Optional.ofNullable(sourceAfterNat());
  }

  /**
   * The rule that decided: the engine's deciding rule, else (the source was left alone) the last
   * rule, in evaluation order, that explains why ({@link NatText#whyKept}).
   */
  String decidingRuleText() {
    if (nat == null) {
      return null;
    }
    RuleRef rule = NatText.decidingRule(nat);
    return rule == null ? null : rule.text();
  }
}
