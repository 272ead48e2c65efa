package io.peerfix.vpc;

/**
 * What the AWS network does to the path. Names match the diagnosis' root causes where one fits;
 * {@link #SOURCE_NOT_CARRIED_BY_PEERING} is what the diagnosis calls POD_SOURCE_NOT_MASQUERADED
 * when the source is a pod address the node would have masqueraded.
 */
public enum PathVerdict {
  REACHABLE("the AWS network lets the connection through both ways"),
  DNS_RESOLVES_PUBLIC("the name resolves to a public address, so traffic does not use the peering"),
  CIDR_OVERLAP("address ranges overlap, so packets cannot be routed between the VPCs"),
  NO_ROUTE_TO_PEER("the cluster's route table does not send the destination to the peer VPC"),
  PEERING_NOT_ACTIVE("the peering connection is not active"),
  SOURCE_NOT_CARRIED_BY_PEERING(
      "the source address is outside the cluster VPC's CIDRs, so the peering drops the packet"),
  NETWORK_ACL_BLOCKS("a network ACL drops the packet"),
  SECURITY_GROUP_BLOCKS("a security group drops the packet"),
  NO_ROUTE_BACK("the database's route table does not send replies back to the source"),
  UNKNOWN("the view lacks what is needed to decide");

  private final String text;

  PathVerdict(String text) {
    this.text = text;
  }

  /** Human text for reports. */
  public String text() {
    return text;
  }
}
