package io.peerfix.diagnosis;

/** Where a fix is applied. */
public enum FixKind {
  /** A nat rule on the nodes (the fix peerfix's agent can apply after approval). */
  NODE_NAT("nat rule on the nodes"),
  /** The network plugin's configuration, so the nodes keep masquerading on their own. */
  CNI_CONFIG("network plugin configuration"),
  /** An AWS change (route, security group rule, peering, network ACL, peering DNS option). */
  AWS("AWS change"),
  /** The target's name or the resolver. */
  DNS("DNS"),
  /** Re-addressing a range. */
  ADDRESS_PLAN("address plan"),
  /** The database itself. */
  DATABASE("database");

  private final String text;

  FixKind(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }
}
