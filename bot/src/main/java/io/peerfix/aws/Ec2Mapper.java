package io.peerfix.aws;

import io.peerfix.net.Cidr;
import io.peerfix.vpc.NetworkAcl;
import io.peerfix.vpc.NetworkAclEntry;
import io.peerfix.vpc.PeeringConnection;
import io.peerfix.vpc.PeeringSide;
import io.peerfix.vpc.PeeringStatus;
import io.peerfix.vpc.Route;
import io.peerfix.vpc.RouteState;
import io.peerfix.vpc.RouteTable;
import io.peerfix.vpc.RouteTargetKind;
import io.peerfix.vpc.SecurityGroup;
import io.peerfix.vpc.SecurityGroupRule;
import io.peerfix.vpc.Subnet;
import io.peerfix.vpc.Vpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.VpcCidrBlockStateCode;
import software.amazon.awssdk.services.ec2.model.VpcPeeringConnectionVpcInfo;

/** Maps EC2 SDK shapes to the pure model. IPv6-only routes and entries are left out. */
final class Ec2Mapper {
  private Ec2Mapper() {}

  static Vpc vpc(software.amazon.awssdk.services.ec2.model.Vpc vpc) {
    List<String> cidrs = new ArrayList<>();
    if (vpc.cidrBlock() != null) {
      cidrs.add(vpc.cidrBlock());
    }
    vpc.cidrBlockAssociationSet().stream()
        .filter(
            a ->
                a.cidrBlockState() == null
                    || a.cidrBlockState().state() == VpcCidrBlockStateCode.ASSOCIATED)
        .map(a -> a.cidrBlock())
        .filter(c -> c != null && !cidrs.contains(c))
        .forEach(cidrs::add);
    return new Vpc(vpc.vpcId(), AwsCidrs.all(cidrs));
  }

  /** The subnet, or empty for an IPv6-only subnet (it carries no IPv4 path). */
  static Optional<Subnet> subnet(software.amazon.awssdk.services.ec2.model.Subnet subnet) {
    return AwsCidrs.of(subnet.cidrBlock())
        .map(
            cidr -> new Subnet(subnet.subnetId(), subnet.vpcId(), cidr, subnet.availabilityZone()));
  }

  static PeeringConnection peering(
      software.amazon.awssdk.services.ec2.model.VpcPeeringConnection p) {
    return new PeeringConnection(
        p.vpcPeeringConnectionId(),
        side(p.requesterVpcInfo()),
        side(p.accepterVpcInfo()),
        p.status() == null
            ? PeeringStatus.UNKNOWN
            : PeeringStatus.fromCode(p.status().codeAsString()),
        p.status() == null ? null : p.status().message());
  }

  private static PeeringSide side(VpcPeeringConnectionVpcInfo info) {
    if (info == null) {
      return new PeeringSide("unknown", null, null, List.of(), false);
    }
    List<String> cidrs = new ArrayList<>();
    info.cidrBlockSet().forEach(c -> cidrs.add(c.cidrBlock()));
    if (cidrs.isEmpty() && info.cidrBlock() != null) {
      cidrs.add(info.cidrBlock());
    }
    boolean dns =
        info.peeringOptions() != null
            && Boolean.TRUE.equals(info.peeringOptions().allowDnsResolutionFromRemoteVpc());
    return new PeeringSide(
        Objects.requireNonNullElse(info.vpcId(), "unknown"),
        info.ownerId(),
        info.region(),
        AwsCidrs.all(cidrs),
        dns);
  }

  static RouteTable routeTable(software.amazon.awssdk.services.ec2.model.RouteTable table) {
    boolean main = table.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main()));
    List<String> subnets =
        table.associations().stream()
            .map(RouteTableAssociation::subnetId)
            .filter(Objects::nonNull)
            .toList();
    List<Route> routes =
        table.routes().stream().map(Ec2Mapper::route).flatMap(Optional::stream).toList();
    return new RouteTable(table.routeTableId(), table.vpcId(), main, subnets, routes);
  }

  private static Optional<Route> route(software.amazon.awssdk.services.ec2.model.Route r) {
    RouteState state =
        "blackhole".equalsIgnoreCase(r.stateAsString()) ? RouteState.BLACKHOLE : RouteState.ACTIVE;
    return AwsCidrs.of(r.destinationCidrBlock())
        .map(cidr -> new Route(cidr, targetKind(r), targetId(r), state));
  }

  private static RouteTargetKind targetKind(software.amazon.awssdk.services.ec2.model.Route r) {
    if (r.vpcPeeringConnectionId() != null) {
      return RouteTargetKind.PEERING;
    }
    if (r.transitGatewayId() != null) {
      return RouteTargetKind.TRANSIT_GATEWAY;
    }
    if (r.natGatewayId() != null) {
      return RouteTargetKind.NAT_GATEWAY;
    }
    if (r.networkInterfaceId() != null && r.instanceId() == null) {
      return RouteTargetKind.NETWORK_INTERFACE;
    }
    if (r.instanceId() != null) {
      return RouteTargetKind.INSTANCE;
    }
    String gateway = Objects.requireNonNullElse(r.gatewayId(), "");
    if (gateway.equals("local")) {
      return RouteTargetKind.LOCAL;
    }
    if (gateway.startsWith("igw-")) {
      return RouteTargetKind.INTERNET_GATEWAY;
    }
    if (gateway.startsWith("vgw-")) {
      return RouteTargetKind.VIRTUAL_PRIVATE_GATEWAY;
    }
    if (gateway.startsWith("vpce-")) {
      return RouteTargetKind.VPC_ENDPOINT;
    }
    return RouteTargetKind.OTHER;
  }

  private static String targetId(software.amazon.awssdk.services.ec2.model.Route r) {
    return java.util.stream.Stream.of(
            r.vpcPeeringConnectionId(),
            r.transitGatewayId(),
            r.natGatewayId(),
            r.instanceId(),
            r.networkInterfaceId(),
            r.gatewayId(),
            r.egressOnlyInternetGatewayId(),
            r.localGatewayId(),
            r.carrierGatewayId(),
            r.coreNetworkArn())
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  static SecurityGroup securityGroup(software.amazon.awssdk.services.ec2.model.SecurityGroup g) {
    return new SecurityGroup(
        g.groupId(),
        g.groupName(),
        g.vpcId(),
        g.ipPermissions().stream().map(Ec2Mapper::rule).toList(),
        g.ipPermissionsEgress().stream().map(Ec2Mapper::rule).toList());
  }

  private static SecurityGroupRule rule(IpPermission p) {
    return new SecurityGroupRule(
        p.ipProtocol(),
        p.fromPort() == null ? -1 : p.fromPort(),
        p.toPort() == null ? -1 : p.toPort(),
        AwsCidrs.all(p.ipRanges().stream().map(r -> r.cidrIp()).toList()),
        p.userIdGroupPairs().stream().map(u -> u.groupId()).filter(Objects::nonNull).toList(),
        p.prefixListIds().stream().map(l -> l.prefixListId()).filter(Objects::nonNull).toList());
  }

  static NetworkAcl networkAcl(software.amazon.awssdk.services.ec2.model.NetworkAcl acl) {
    return new NetworkAcl(
        acl.networkAclId(),
        acl.vpcId(),
        Boolean.TRUE.equals(acl.isDefault()),
        acl.associations().stream().map(a -> a.subnetId()).filter(Objects::nonNull).toList(),
        acl.entries().stream()
            .flatMap(e -> AwsCidrs.of(e.cidrBlock()).map(cidr -> entry(e, cidr)).stream())
            .toList());
  }

  private static NetworkAclEntry entry(
      software.amazon.awssdk.services.ec2.model.NetworkAclEntry e, Cidr cidr) {
    return new NetworkAclEntry(
        e.ruleNumber(),
        Boolean.TRUE.equals(e.egress()),
        e.protocol(),
        e.portRange() == null || e.portRange().from() == null ? 0 : e.portRange().from(),
        e.portRange() == null || e.portRange().to() == null ? 65535 : e.portRange().to(),
        cidr,
        "allow".equalsIgnoreCase(e.ruleActionAsString()));
  }
}
