package io.peerfix.fix;

/** Why peerfix refused to propose, approve, apply or revert a fix, with the words users read. */
public enum RefusalReason {
  UNKNOWN_FIX("there is no fix of that name"),
  NOT_AN_APPROVER("is not one of the configured approvers (users or groups)"),
  SELF_APPROVAL("asked for this fix and may not approve it (allowSelfApproval is false)"),
  DIGEST_CHANGED("the fix changed since it was shown: the digest approved is not the fix's digest"),
  EXPIRED("the proposal expired before anyone approved it; run the diagnosis again"),
  NOT_APPROVABLE("the fix is no longer waiting for approval"),
  NOT_REVERTIBLE("the fix is not applied, so there is nothing to revert"),
  DESTINATION_EVERYWHERE(
      "0.0.0.0/0 would rewrite every packet's source; a fix names one destination"),
  DESTINATION_IN_CLUSTER("the destination overlaps the cluster's own ranges (pods, services, VPC)"),
  DESTINATION_NOT_ALLOWED(
      "the destination is neither the target's address nor a peer VPC range from the AWS view"),
  SNAT_NOT_NODE_ADDRESS("SNAT may only rewrite to the node's own address"),
  NO_SUCH_INTERFACE("the out-interface does not exist on the node");

  private final String text;

  RefusalReason(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }
}
