package io.peerfix.vpc;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One path through one network, with what every hop needs derived once: parsed addresses, the
 * subnets on both ends, the route tables and network ACLs that apply, the peering the path uses.
 */
final class PathContext {
  final AwsNetwork network;
  final PathQuery query;
  final Ipv4 source;
  final Ipv4 destination;
  final Vpc clusterVpc;
  final Optional<Vpc> peerVpc;
  private final List<String> sourceSubnetIds;
  private final List<String> targetSubnetIds;

  PathContext(AwsNetwork network, PathQuery query) {
    this.network = network;
    this.query = query;
    this.source = query.sourceAddress();
    this.destination = query.destinationAddress();
    this.clusterVpc = network.clusterVpc();
    this.peerVpc = network.findPeerVpc();
    this.sourceSubnetIds = sourceSubnets();
    this.targetSubnetIds = targetSubnets();
  }

  /** True when the database lives in the cluster's own VPC, so no peering is involved. */
  boolean sameVpc() {
    return peerVpc.map(v -> v.id().equals(clusterVpc.id())).orElse(false);
  }

  String sourceText() {
    return source.toString();
  }

  String destinationText() {
    return destination.toString();
  }

  int port() {
    return query.destinationPort();
  }

  /** The cluster-side route table for the source's subnet (explicit association, else main). */
  Pick<RouteTable> sourceRouteTable() {
    return routeTable(clusterVpc.id(), sourceSubnetIds);
  }

  /** The peer-side route table for the database's subnet. */
  Pick<RouteTable> targetRouteTable() {
    return peerVpc
        .map(v -> routeTable(v.id(), targetSubnetIds))
        .orElseGet(() -> Pick.unknownBecause("the database's VPC is unknown"));
  }

  Pick<NetworkAcl> sourceAcl() {
    return networkAcl(clusterVpc.id(), sourceSubnetIds);
  }

  Pick<NetworkAcl> targetAcl() {
    return peerVpc
        .map(v -> networkAcl(v.id(), targetSubnetIds))
        .orElseGet(() -> Pick.unknownBecause("the database's VPC is unknown"));
  }

  /** True when source and database share a subnet (network ACLs do not apply inside a subnet). */
  boolean sameSubnet() {
    return sourceSubnetIds.size() == 1 && targetSubnetIds.equals(sourceSubnetIds);
  }

  Optional<PeeringConnection> peering(String id) {
    return network.peerings().stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /** Peerings joining the cluster VPC and the peer VPC, active ones first. */
  List<PeeringConnection> peeringsBetweenVpcs() {
    if (peerVpc.isEmpty()) {
      return List.of();
    }
    return network.peerings().stream()
        .filter(p -> p.connects(clusterVpc.id(), peerVpc.get().id()))
        .sorted(
            java.util.Comparator.comparing(
                (PeeringConnection p) -> p.status() != PeeringStatus.ACTIVE))
        .toList();
  }

  /** The active peering joining the two VPCs, if any. */
  Optional<PeeringConnection> activePeering() {
    return peeringsBetweenVpcs().stream()
        .filter(p -> p.status() == PeeringStatus.ACTIVE)
        .findFirst();
  }

  /** The CIDR to name in a fix that admits the source: its VPC CIDR, pod range, or /32. */
  Cidr sourceCidrForFix() {
    return Cidr.firstContaining(clusterVpc.cidrs(), source)
        .or(() -> Optional.ofNullable(query.podCidr()).filter(c -> c.contains(source)))
        .orElse(Cidr.of(source));
  }

  /** The CIDR to name in a fix that admits the destination: the peer VPC CIDR, or /32. */
  Cidr destinationCidrForFix() {
    return peerVpc
        .flatMap(v -> Cidr.firstContaining(v.cidrs(), destination))
        .orElse(Cidr.of(destination));
  }

  private List<String> sourceSubnets() {
    if (query.sourceSubnetId() != null) {
      return List.of(query.sourceSubnetId());
    }
    return subnetContaining(clusterVpc.id(), source).map(Subnet::id).stream().toList();
  }

  private List<String> targetSubnets() {
    if (peerVpc.isEmpty()) {
      return List.of();
    }
    Optional<Subnet> containing = subnetContaining(peerVpc.get().id(), destination);
    if (containing.isPresent()) {
      return List.of(containing.get().id());
    }
    return network.findDatabase().map(DbInstance::subnetIds).orElse(List.of());
  }

  private Optional<Subnet> subnetContaining(String vpcId, Ipv4 address) {
    return network.subnets().stream()
        .filter(s -> s.vpcId().equals(vpcId) && s.cidr().contains(address))
        .findFirst();
  }

  private Pick<RouteTable> routeTable(String vpcId, List<String> subnetIds) {
    List<RouteTable> inVpc =
        network.routeTables().stream().filter(t -> t.vpcId().equals(vpcId)).toList();
    Optional<RouteTable> main = inVpc.stream().filter(RouteTable::main).findFirst();
    return pickPerSubnet(
        vpcId,
        subnetIds,
        id -> inVpc.stream().filter(t -> t.subnetIds().contains(id)).findFirst(),
        main,
        RouteTable::id,
        "route table",
        "main route table",
        AwsResource.ROUTE_TABLES);
  }

  private Pick<NetworkAcl> networkAcl(String vpcId, List<String> subnetIds) {
    List<NetworkAcl> inVpc =
        network.networkAcls().stream().filter(a -> a.vpcId().equals(vpcId)).toList();
    Optional<NetworkAcl> fallback = inVpc.stream().filter(NetworkAcl::isDefault).findFirst();
    return pickPerSubnet(
        vpcId,
        subnetIds,
        id -> inVpc.stream().filter(a -> a.subnetIds().contains(id)).findFirst(),
        fallback,
        NetworkAcl::id,
        "network ACL",
        "default network ACL",
        AwsResource.NETWORK_ACLS);
  }

  /**
   * The one item that applies to all of {@code subnetIds} (each subnet's explicit association, else
   * the VPC's fallback); unknown when they differ or the kind was not read.
   */
  private <T> Pick<T> pickPerSubnet(
      String vpcId,
      List<String> subnetIds,
      Function<String, Optional<T>> explicit,
      Optional<T> fallback,
      Function<T, String> idOf,
      String kind,
      String fallbackKind,
      AwsResource resource) {
    if (network.unread(resource)) {
      return Pick.unknownBecause(resource.text() + " could not be read");
    }
    Set<T> found = new LinkedHashSet<>();
    List<String> hows = new ArrayList<>();
    Collection<String> subnets = subnetIds.isEmpty() ? List.of("") : subnetIds;
    for (String subnet : subnets) {
      Optional<T> item = subnet.isEmpty() ? Optional.empty() : explicit.apply(subnet);
      String where = subnet.isEmpty() ? "" : " of subnet " + subnet;
      if (item.isPresent()) {
        found.add(item.get());
        hows.add(where);
      } else if (fallback.isPresent()) {
        found.add(fallback.get());
        hows.add(
            subnet.isEmpty()
                ? " (" + fallbackKind + " of " + vpcId + "; the subnet is unknown)"
                : where + " (" + fallbackKind + " of " + vpcId + ")");
      } else {
        return Pick.none(
            "no "
                + kind
                + " of "
                + vpcId
                + " applies"
                + (subnet.isEmpty() ? "" : " to subnet " + subnet));
      }
    }
    if (found.size() > 1) {
      return Pick.unknownBecause(
          "subnets "
              + String.join(", ", subnetIds)
              + " use different "
              + kind
              + "s ("
              + String.join(", ", found.stream().map(idOf).toList())
              + ") and the database's subnet is unknown");
    }
    String how = subnetIds.size() > 1 ? " of subnets " + String.join(", ", subnetIds) : hows.get(0);
    return Pick.of(found.iterator().next(), how);
  }
}
