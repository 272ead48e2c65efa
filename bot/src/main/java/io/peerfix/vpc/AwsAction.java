package io.peerfix.vpc;

/**
 * The kind of AWS change a fix makes, each one AWS CLI command (except {@link #ADVICE}, a change no
 * single command makes, such as waiting for a peering or re-addressing a range).
 */
public enum AwsAction {
  CREATE_ROUTE("ec2 create-route"),
  REPLACE_ROUTE("ec2 replace-route"),
  CREATE_PEERING("ec2 create-vpc-peering-connection"),
  ACCEPT_PEERING("ec2 accept-vpc-peering-connection"),
  ALLOW_PEERING_DNS_RESOLUTION("ec2 modify-vpc-peering-connection-options"),
  AUTHORIZE_SECURITY_GROUP_INGRESS("ec2 authorize-security-group-ingress"),
  AUTHORIZE_SECURITY_GROUP_EGRESS("ec2 authorize-security-group-egress"),
  CREATE_NETWORK_ACL_ENTRY("ec2 create-network-acl-entry"),
  REPLACE_NETWORK_ACL_ENTRY("ec2 replace-network-acl-entry"),
  ADVICE("no single command");

  private final String cli;

  AwsAction(String cli) {
    this.cli = cli;
  }

  /** The AWS CLI service and operation, e.g. {@code ec2 create-route}. */
  public String cli() {
    return cli;
  }
}
