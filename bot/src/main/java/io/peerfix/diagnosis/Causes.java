package io.peerfix.diagnosis;

import io.peerfix.vpc.HopCheck;
import io.peerfix.vpc.PathEvaluation;
import io.peerfix.vpc.PathVerdict;

/** Translations between the AWS model's verdicts and root causes, and path sentences. */
final class Causes {
  private Causes() {}

  /** The root cause a blocking AWS verdict stands for. */
  static RootCause of(PathVerdict verdict) {
    return switch (verdict) {
      case REACHABLE -> RootCause.HEALTHY;
      case DNS_RESOLVES_PUBLIC -> RootCause.DNS_RESOLVES_PUBLIC;
      case CIDR_OVERLAP -> RootCause.CIDR_OVERLAP;
      case NO_ROUTE_TO_PEER -> RootCause.NO_ROUTE_TO_PEER;
      case PEERING_NOT_ACTIVE -> RootCause.PEERING_NOT_ACTIVE;
      case SOURCE_NOT_CARRIED_BY_PEERING -> RootCause.POD_SOURCE_NOT_MASQUERADED;
      case NETWORK_ACL_BLOCKS -> RootCause.NETWORK_ACL_BLOCKS;
      case SECURITY_GROUP_BLOCKS -> RootCause.SECURITY_GROUP_BLOCKS;
      case NO_ROUTE_BACK -> RootCause.NO_ROUTE_BACK;
      case UNKNOWN -> RootCause.UNKNOWN;
    };
  }

  /** "the AWS model predicts ... at <hop>: <evidence>" for a path's verdict. */
  static String predicted(String whose, PathEvaluation path) {
    return path.decidingHop()
        .map(
            h -> "the AWS model drops " + whose + " at the " + h.hop().text() + ": " + h.evidence())
        .orElse(
            path.reachable()
                ? "the AWS model lets " + whose + " through both ways"
                : "the AWS model cannot decide "
                    + whose
                    + ": "
                    + String.join("; ", path.evidence()));
  }

  /** Evidence lines of the blocking hops after the first: they would block once it is fixed. */
  static String laterBlocks(PathEvaluation path) {
    return path.blocking().stream()
        .skip(1)
        .map(HopCheck::evidence)
        .reduce((a, b) -> a + "; " + b)
        .map(s -> "once that is fixed, the path is still blocked: " + s)
        .orElse(null);
  }
}
