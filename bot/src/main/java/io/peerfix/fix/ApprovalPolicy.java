package io.peerfix.fix;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Who may approve: users by id and members of groups by group id; whether the requester may approve
 * their own fix; how long a proposal waits for approval (30 minutes unless configured).
 */
public record ApprovalPolicy(
    Set<String> users, Set<String> groups, boolean allowSelfApproval, Duration approvalTtl) {
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(30);

  public ApprovalPolicy {
    users = Set.copyOf(users);
    groups = Set.copyOf(groups);
    Objects.requireNonNull(approvalTtl, "approvalTtl");
    if (approvalTtl.isNegative() || approvalTtl.isZero()) {
      throw new IllegalArgumentException("approvalTtl must be positive, e.g. 30m");
    }
  }

  /** Whether {@code actor} is an approver, by id or by one of its groups. */
  public boolean isApprover(Actor actor) {
    return users.contains(actor.id()) || actor.groups().stream().anyMatch(groups::contains);
  }
}
