package io.peerfix.vpc;

import java.util.Objects;

/** One rule of one security group, in the direction it is read (ingress or egress). */
public record GroupPermission(String groupId, boolean ingress, SecurityGroupRule rule)
    implements HopEntry {
  public GroupPermission {
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(rule, "rule");
  }

  @Override
  public Kind entryKind() {
    return Kind.SECURITY_GROUP_RULE;
  }

  /** Such as {@code sg-rds: tcp 5432 from 172.20.0.0/16}. */
  @Override
  public String text() {
    return groupId + ": " + rule.text(ingress);
  }
}
