package io.peerfix.vpc;

/**
 * The AWS entry that decided a hop: the route the table chose, the security-group rule that admits
 * the packet, the network ACL entry that allowed or denied it first, or the peering connection's
 * state. Renderers switch on the concrete type for its fields; {@link #text()} is its short AWS
 * notation (such as {@code 10.0.0.0/16 -> pcx-1}), never a sentence.
 */
public sealed interface HopEntry permits Route, GroupPermission, NetworkAclEntry, PeeringStatus {
  /** Which kind of entry this is, for renderers that label it. */
  enum Kind {
    ROUTE,
    SECURITY_GROUP_RULE,
    NETWORK_ACL_ENTRY,
    PEERING_STATE
  }

  Kind entryKind();

  /** The entry in short AWS notation. */
  String text();
}
