package io.peerfix.approval;

import io.peerfix.fix.ApprovalPolicy;
import java.util.Set;

/**
 * The lab's approval policy when no configuration file names approvers: the one user {@value
 * #APPROVER} (the demo approves as this user), who may not approve a fix they asked for.
 */
public final class LabApprovers {
  public static final String APPROVER = "demo-approver";
  public static final ApprovalPolicy POLICY =
      new ApprovalPolicy(Set.of(APPROVER), Set.of(), false, ApprovalPolicy.DEFAULT_TTL);

  private LabApprovers() {}
}
