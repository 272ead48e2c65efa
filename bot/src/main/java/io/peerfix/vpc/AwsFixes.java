package io.peerfix.vpc;

import io.peerfix.net.Cidr;
import java.util.ArrayList;
import java.util.List;

/** The AWS CLI changes that remove blocking findings. Every command is read as written. */
final class AwsFixes {
  /** Stands for the id of a peering connection that has yet to be created. */
  static final String NEW_PEERING = "<new-peering-id>";

  private AwsFixes() {}

  static AwsFix createRoute(String tableId, Cidr cidr, String peeringId, String why) {
    return new AwsFix(
        AwsAction.CREATE_ROUTE,
        tableId,
        "add route " + cidr + " -> " + peeringId + " to route table " + tableId + " (" + why + ")",
        List.of(
            "aws",
            "ec2",
            "create-route",
            "--route-table-id",
            tableId,
            "--destination-cidr-block",
            cidr.toString(),
            "--vpc-peering-connection-id",
            peeringId));
  }

  static AwsFix replaceRoute(String tableId, Cidr cidr, String peeringId, String why) {
    return new AwsFix(
        AwsAction.REPLACE_ROUTE,
        tableId,
        "point route "
            + cidr
            + " of route table "
            + tableId
            + " at "
            + peeringId
            + " ("
            + why
            + ")",
        List.of(
            "aws",
            "ec2",
            "replace-route",
            "--route-table-id",
            tableId,
            "--destination-cidr-block",
            cidr.toString(),
            "--vpc-peering-connection-id",
            peeringId));
  }

  static AwsFix acceptPeering(PeeringConnection peering) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "aws",
                "ec2",
                "accept-vpc-peering-connection",
                "--vpc-peering-connection-id",
                peering.id()));
    addRegion(command, peering.accepter().region());
    return new AwsFix(
        AwsAction.ACCEPT_PEERING,
        peering.id(),
        "accept peering "
            + peering.id()
            + " in the accepter's account"
            + owner(peering.accepter())
            + " (VPC "
            + peering.accepter().vpcId()
            + ")",
        command);
  }

  static AwsFix createPeering(String clusterVpcId, PeeringSide peer, String peerVpcId) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "aws",
                "ec2",
                "create-vpc-peering-connection",
                "--vpc-id",
                clusterVpcId,
                "--peer-vpc-id",
                peerVpcId));
    if (peer != null && peer.ownerId() != null) {
      command.addAll(List.of("--peer-owner-id", peer.ownerId()));
    }
    if (peer != null && peer.region() != null) {
      command.addAll(List.of("--peer-region", peer.region()));
    }
    return new AwsFix(
        AwsAction.CREATE_PEERING,
        clusterVpcId,
        "create a peering connection from "
            + clusterVpcId
            + " to "
            + peerVpcId
            + ", have the peer side accept it, then add routes through it in both VPCs",
        command);
  }

  static AwsFix allowIngress(String groupId, int port, Cidr cidr) {
    return new AwsFix(
        AwsAction.AUTHORIZE_SECURITY_GROUP_INGRESS,
        groupId,
        "allow tcp " + port + " from " + cidr + " into security group " + groupId,
        List.of(
            "aws",
            "ec2",
            "authorize-security-group-ingress",
            "--group-id",
            groupId,
            "--protocol",
            "tcp",
            "--port",
            String.valueOf(port),
            "--cidr",
            cidr.toString()));
  }

  static AwsFix allowEgress(String groupId, int port, Cidr cidr) {
    return new AwsFix(
        AwsAction.AUTHORIZE_SECURITY_GROUP_EGRESS,
        groupId,
        "allow tcp " + port + " to " + cidr + " out of security group " + groupId,
        List.of(
            "aws",
            "ec2",
            "authorize-security-group-egress",
            "--group-id",
            groupId,
            "--ip-permissions",
            "IpProtocol=tcp,FromPort="
                + port
                + ",ToPort="
                + port
                + ",IpRanges=[{CidrIp="
                + cidr
                + "}]"));
  }

  /** A new allow entry numbered before the entry that denies, or a replacement when none fits. */
  static AwsFix allowAclEntry(
      NetworkAcl acl, boolean egress, int decidingRule, int fromPort, int toPort, Cidr cidr) {
    String direction = egress ? "--egress" : "--ingress";
    String ports = "From=" + fromPort + ",To=" + toPort;
    int free = freeRuleNumberBelow(acl, egress, decidingRule);
    boolean replace = free < 1;
    int number = replace ? decidingRule : free;
    String what =
        (replace ? "replace rule " + number + " of" : "add rule " + number + " to")
            + " network ACL "
            + acl.id()
            + ": allow tcp "
            + (fromPort == toPort ? String.valueOf(fromPort) : fromPort + "-" + toPort)
            + (egress ? " to " : " from ")
            + cidr
            + (egress ? " outbound" : " inbound");
    return new AwsFix(
        replace ? AwsAction.REPLACE_NETWORK_ACL_ENTRY : AwsAction.CREATE_NETWORK_ACL_ENTRY,
        acl.id(),
        what,
        List.of(
            "aws",
            "ec2",
            replace ? "replace-network-acl-entry" : "create-network-acl-entry",
            "--network-acl-id",
            acl.id(),
            direction,
            "--rule-number",
            String.valueOf(number),
            "--protocol",
            "tcp",
            "--port-range",
            ports,
            "--cidr-block",
            cidr.toString(),
            "--rule-action",
            "allow"));
  }

  static AwsFix allowPeeringDns(PeeringConnection peering, boolean peerIsRequester) {
    String side =
        peerIsRequester
            ? "--requester-peering-connection-options"
            : "--accepter-peering-connection-options";
    PeeringSide peerSide = peerIsRequester ? peering.requester() : peering.accepter();
    List<String> command =
        new ArrayList<>(
            List.of(
                "aws",
                "ec2",
                "modify-vpc-peering-connection-options",
                "--vpc-peering-connection-id",
                peering.id(),
                side,
                "AllowDnsResolutionFromRemoteVpc=true"));
    addRegion(command, peerSide.region());
    return new AwsFix(
        AwsAction.ALLOW_PEERING_DNS_RESOLUTION,
        peering.id(),
        "let "
            + peerSide.vpcId()
            + "'s side of "
            + peering.id()
            + " resolve its public DNS names to private addresses for the cluster's VPC (run in"
            + " the account"
            + owner(peerSide)
            + " that owns "
            + peerSide.vpcId()
            + "; both VPCs need DNS resolution and DNS host names enabled)",
        command);
  }

  private static int freeRuleNumberBelow(NetworkAcl acl, boolean egress, int decidingRule) {
    List<Integer> used =
        acl.entries().stream()
            .filter(e -> e.egress() == egress)
            .map(NetworkAclEntry::ruleNumber)
            .toList();
    int top = Math.min(decidingRule - 1, 32766);
    for (int n = top - top % 10; n >= 10; n -= 10) {
      if (!used.contains(n)) {
        return n;
      }
    }
    for (int n = top; n >= 1; n--) {
      if (!used.contains(n)) {
        return n;
      }
    }
    return 0;
  }

  private static String owner(PeeringSide side) {
    return side.ownerId() == null ? "" : " " + side.ownerId();
  }

  private static void addRegion(List<String> command, String region) {
    if (region != null && !region.isBlank()) {
      command.addAll(List.of("--region", region));
    }
  }
}
