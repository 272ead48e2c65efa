package io.peerfix.vpc;

import java.util.Objects;
import java.util.Optional;

/** A VPC peering connection in any state, with both sides and the status message EC2 gave. */
public record PeeringConnection(
    String id,
    PeeringSide requester,
    PeeringSide accepter,
    PeeringStatus status,
    String statusMessage) {
  public PeeringConnection {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(accepter, "accepter");
    Objects.requireNonNull(status, "status");
  }

  /** True when this peering joins the two VPCs, in either direction. */
  public boolean connects(String vpcA, String vpcB) {
    return (requester.vpcId().equals(vpcA) && accepter.vpcId().equals(vpcB))
        || (requester.vpcId().equals(vpcB) && accepter.vpcId().equals(vpcA));
  }

  /** The side belonging to {@code vpcId}, if either does. */
  public Optional<PeeringSide> side(String vpcId) {
    if (requester.vpcId().equals(vpcId)) {
      return Optional.of(requester);
    }
    if (accepter.vpcId().equals(vpcId)) {
      return Optional.of(accepter);
    }
    return Optional.empty();
  }

  /** The side that is not {@code vpcId}'s (the accepter when neither matches). */
  public PeeringSide otherSide(String vpcId) {
    return requester.vpcId().equals(vpcId) ? accepter : requester;
  }
}
