package io.peerfix.vpc;

import java.util.List;
import java.util.Objects;

/**
 * A network ACL: id, VPC, whether it is the VPC's default ACL (used by subnets with no other
 * association), the subnets associated with it, and its entries in both directions (stateless).
 */
public record NetworkAcl(
    String id,
    String vpcId,
    boolean isDefault,
    List<String> subnetIds,
    List<NetworkAclEntry> entries) {
  public NetworkAcl {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(vpcId, "vpcId");
    subnetIds = List.copyOf(subnetIds);
    entries = List.copyOf(entries);
  }
}
