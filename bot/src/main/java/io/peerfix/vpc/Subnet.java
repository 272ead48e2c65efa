package io.peerfix.vpc;

import io.peerfix.net.Cidr;
import java.util.Objects;

/** A subnet: id, VPC, IPv4 CIDR and availability zone (may be null when unknown). */
public record Subnet(String id, String vpcId, Cidr cidr, String availabilityZone) {
  public Subnet {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(vpcId, "vpcId");
    Objects.requireNonNull(cidr, "cidr");
  }
}
