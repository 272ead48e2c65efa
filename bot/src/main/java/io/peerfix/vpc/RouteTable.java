package io.peerfix.vpc;

import java.util.List;
import java.util.Objects;

/**
 * A route table: id, VPC, whether it is the VPC's main table (used by subnets without an explicit
 * association), the subnets explicitly associated with it, and its IPv4 routes.
 */
public record RouteTable(
    String id, String vpcId, boolean main, List<String> subnetIds, List<Route> routes) {
  public RouteTable {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(vpcId, "vpcId");
    subnetIds = List.copyOf(subnetIds);
    routes = List.copyOf(routes);
  }
}
