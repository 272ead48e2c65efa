package io.peerfix.vpc;

import java.util.List;
import java.util.Objects;

/** A security group: id, name, VPC, and its ingress and egress permissions (stateful). */
public record SecurityGroup(
    String id,
    String name,
    String vpcId,
    List<SecurityGroupRule> ingress,
    List<SecurityGroupRule> egress) {
  public SecurityGroup {
    Objects.requireNonNull(id, "id");
    ingress = List.copyOf(ingress);
    egress = List.copyOf(egress);
  }
}
