package io.peerfix.diagnosis;

import io.peerfix.vpc.PathVerdict;

/**
 * Why pods cannot reach the target, with stable names used in JSON output and tests, and the human
 * text shown in Slack, the terminal and logs.
 */
public enum RootCause {
  POD_SOURCE_NOT_MASQUERADED(
      "pod traffic leaves the node with the pod's own address, which the peering does not carry;"
          + " the node itself (with its VPC address) gets through"),
  SECURITY_GROUP_BLOCKS("the database's security group does not admit the cluster's traffic"),
  NO_ROUTE_TO_PEER(
      "the cluster VPC's route table does not send the database's address to the peer"),
  NO_ROUTE_BACK("the peer VPC's route table does not send replies back to the cluster"),
  PEERING_NOT_ACTIVE("the VPC peering connection is not active"),
  NETWORK_ACL_BLOCKS("a network ACL drops the request or its reply"),
  DNS_RESOLVES_PUBLIC(
      "the database's name resolves to an address outside the peer VPC (its public address),"
          + " so traffic does not use the peering"),
  DNS_FAILURE("the database's name does not resolve"),
  CIDR_OVERLAP("address ranges overlap, so packets to the database cannot be routed to it"),
  CONNECTION_REFUSED("the database's address answers, but nothing accepts connections on the port"),
  HEALTHY("pods reach the database"),
  UNKNOWN("the evidence is inconsistent or incomplete; peerfix does not guess");

  private final String text;

  RootCause(String text) {
    this.text = text;
  }

  /** One sentence for people. */
  public String text() {
    return text;
  }

  /** The root cause a blocking AWS verdict stands for. */
  public static RootCause of(PathVerdict verdict) {
    return switch (verdict) {
      case REACHABLE -> HEALTHY;
      case DNS_RESOLVES_PUBLIC -> DNS_RESOLVES_PUBLIC;
      case CIDR_OVERLAP -> CIDR_OVERLAP;
      case NO_ROUTE_TO_PEER -> NO_ROUTE_TO_PEER;
      case PEERING_NOT_ACTIVE -> PEERING_NOT_ACTIVE;
      case SOURCE_NOT_CARRIED_BY_PEERING -> POD_SOURCE_NOT_MASQUERADED;
      case NETWORK_ACL_BLOCKS -> NETWORK_ACL_BLOCKS;
      case SECURITY_GROUP_BLOCKS -> SECURITY_GROUP_BLOCKS;
      case NO_ROUTE_BACK -> NO_ROUTE_BACK;
      case UNKNOWN -> UNKNOWN;
    };
  }
}
