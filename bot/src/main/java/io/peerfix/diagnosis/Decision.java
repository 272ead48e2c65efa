package io.peerfix.diagnosis;

import io.peerfix.vpc.PathEvaluation;
import java.util.List;

/**
 * The cause found, the nodes it applies to, and the AWS path whose blocking hops explain it (null
 * when no AWS path does); the fixes are planned from this.
 */
record Decision(RootCause cause, List<NodeAnalysis> affected, PathEvaluation path) {
  Decision {
    affected = List.copyOf(affected);
  }

  static Decision of(RootCause cause) {
    return new Decision(cause, List.of(), null);
  }
}
