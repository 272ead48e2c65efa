package io.peerfix.diagnosis;

import io.peerfix.nat.NatAction;
import io.peerfix.vpc.PathVerdict;

/**
 * What the diagnosis concluded for one node: how its pod probe and host probe ended (and where the
 * pod probe ran, standing for how many nodes), the pod's source before and after the node's nat
 * table, the NAT action and deciding rule, and the AWS model's verdict for the pod's packet and for
 * the node's own. Fields the observations could not supply are null.
 */
public record NodeVerdict(
    String node,
    ProbeView podProbe,
    String podProbeNode,
    int podProbeStandsFor,
    ProbeView hostProbe,
    String podSource,
    String sourceAfterNat,
    NatAction natAction,
    String natDecidingRule,
    PathVerdict podPath,
    PathVerdict hostPath) {}
