package io.peerfix.vpc;

/**
 * The checks along a TCP path: the request from the node to the database, then the reply back.
 * Declaration order is path order, except that the peering's state comes before the route that uses
 * it, because a peering that is not active explains a blackhole route to it.
 */
public enum Hop {
  DNS_ANSWER(Direction.REQUEST, "DNS answer"),
  CIDR_PLAN(Direction.REQUEST, "address plan"),
  SOURCE_SECURITY_GROUP_OUT(Direction.REQUEST, "node security groups, outbound"),
  PEERING(Direction.REQUEST, "peering connection"),
  ROUTE_TO_PEER(Direction.REQUEST, "cluster route table"),
  SOURCE_CARRIED_BY_PEERING(Direction.REQUEST, "peering source check"),
  SOURCE_SUBNET_ACL_OUT(Direction.REQUEST, "cluster subnet network ACL, outbound"),
  TARGET_SUBNET_ACL_IN(Direction.REQUEST, "database subnet network ACL, inbound"),
  TARGET_SECURITY_GROUP_IN(Direction.REQUEST, "database security groups, inbound"),
  ROUTE_BACK(Direction.REPLY, "database route table"),
  TARGET_SUBNET_ACL_OUT(Direction.REPLY, "database subnet network ACL, outbound"),
  SOURCE_SUBNET_ACL_IN(Direction.REPLY, "cluster subnet network ACL, inbound");

  /** Which way the packet checked by a hop travels. */
  public enum Direction {
    REQUEST,
    REPLY
  }

  private final Direction direction;
  private final String text;

  Hop(Direction direction, String text) {
    this.direction = direction;
    this.text = text;
  }

  public Direction direction() {
    return direction;
  }

  /** Human text for reports. */
  public String text() {
    return text;
  }
}
