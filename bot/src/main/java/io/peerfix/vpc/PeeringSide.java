package io.peerfix.vpc;

import io.peerfix.net.Cidr;
import java.util.List;
import java.util.Objects;

/**
 * One side (requester or accepter) of a peering connection: the VPC, its account and region, the
 * CIDRs the peering carries for it, and whether that side lets the other side resolve its public
 * DNS host names to private addresses ({@code AllowDnsResolutionFromRemoteVpc}).
 */
public record PeeringSide(
    String vpcId,
    String ownerId,
    String region,
    List<Cidr> cidrs,
    boolean allowDnsResolutionFromRemoteVpc) {
  public PeeringSide {
    Objects.requireNonNull(vpcId, "vpcId");
    cidrs = List.copyOf(cidrs);
  }
}
