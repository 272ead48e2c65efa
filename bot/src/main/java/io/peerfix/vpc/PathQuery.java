package io.peerfix.vpc;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.List;
import java.util.Objects;

/**
 * One TCP path to evaluate: the source address a packet leaves the node with (the pod's own address
 * when it is not masqueraded, else the node's), the subnet of the node it leaves (null when
 * unknown: the subnet containing the source, else the cluster VPC's main route table and default
 * ACL are used), the node's security groups (empty when unknown), the pod range (null when unknown;
 * used for the overlap check), and the destination address (the DNS answer) and port.
 */
public record PathQuery(
    Ipv4 sourceAddress,
    String sourceSubnetId,
    List<String> sourceSecurityGroupIds,
    Cidr podCidr,
    Ipv4 destinationAddress,
    int destinationPort) {
  public PathQuery {
    Objects.requireNonNull(sourceAddress, "sourceAddress");
    Objects.requireNonNull(destinationAddress, "destinationAddress");
    sourceSecurityGroupIds = List.copyOf(sourceSecurityGroupIds);
    if (destinationPort < 1 || destinationPort > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, was " + destinationPort);
    }
  }

  /** A path from {@code source} (subnet, groups and pod range unknown) to {@code dest:port}. */
  public static PathQuery of(Ipv4 source, Ipv4 dest, int port) {
    return new PathQuery(source, null, List.of(), null, dest, port);
  }
}
