package io.peerfix.vpc;

/** Where a route sends matching traffic. */
public enum RouteTargetKind {
  LOCAL("the VPC itself"),
  PEERING("VPC peering connection"),
  TRANSIT_GATEWAY("transit gateway"),
  INTERNET_GATEWAY("internet gateway"),
  NAT_GATEWAY("NAT gateway"),
  VIRTUAL_PRIVATE_GATEWAY("virtual private gateway"),
  INSTANCE("instance"),
  NETWORK_INTERFACE("network interface"),
  VPC_ENDPOINT("VPC endpoint"),
  OTHER("other target");

  private final String text;

  RouteTargetKind(String text) {
    this.text = text;
  }

  /** Human text for reports. */
  public String text() {
    return text;
  }
}
