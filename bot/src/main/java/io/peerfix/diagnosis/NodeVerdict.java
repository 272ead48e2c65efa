package io.peerfix.diagnosis;

import io.peerfix.nat.NatAction;
import io.peerfix.net.Ipv4;
import io.peerfix.vpc.PathVerdict;
import java.util.Objects;
import java.util.Optional;

/**
 * What the diagnosis concluded for one node: how its pod probe and host probe ended (and where the
 * pod probe ran, standing for how many nodes), the pod's source as a probe on this node reported it
 * (empty when none did: the model then used an address of the pod range, which is never shown as
 * the pod's), the source the nat model predicts the packet leaves with (empty when it cannot tell,
 * or when the packet keeps a source nobody observed), the NAT action and deciding rule, and the AWS
 * model's verdict for the pod's packet and for the node's own. {@code natAction}, {@code
 * natDecidingRule}, {@code podPath} and {@code hostPath} are null when the observations could not
 * supply them.
 */
public record NodeVerdict(
    String node,
    ProbeView podProbe,
    String podProbeNode,
    int podProbeStandsFor,
    ProbeView hostProbe,
    Optional<Ipv4> podSource,
    Optional<Ipv4> sourceAfterNat,
    NatAction natAction,
    String natDecidingRule,
    PathVerdict podPath,
    PathVerdict hostPath) {
  public NodeVerdict {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(podProbe, "podProbe");
    Objects.requireNonNull(hostProbe, "hostProbe");
    podSource = podSource == null ? Optional.empty() : podSource;
    sourceAfterNat = sourceAfterNat == null ? Optional.empty() : sourceAfterNat;
  }
}
