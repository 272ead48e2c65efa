package io.peerfix.diagnosis;

import io.peerfix.vpc.HopCheck;
import io.peerfix.vpc.PathEvaluation;
import java.util.List;

/** Translations between the AWS model's verdicts and root causes, and path sentences. */
final class Causes {
  private Causes() {}

  /**
   * "the AWS model drops ...: <the hop's finding>" for a path's verdict, citing the hop (whose
   * finding names the resource, so the hop's own name would only repeat it).
   */
  static Evidence predicted(String whose, PathEvaluation path) {
    return path.decidingHop()
        .map(
            h ->
                Evidence.fact("the AWS model drops " + whose + ": " + h.evidence())
                    .withHop(h.finding()))
        .orElse(
            Evidence.fact(
                path.reachable()
                    ? "the AWS model lets " + whose + " through both ways"
                    : "the AWS model cannot decide "
                        + whose
                        + ": "
                        + String.join("; ", path.evidence())));
  }

  /** The hop's own finding, citing the hop. */
  static Evidence hop(HopCheck check) {
    return Evidence.fact(check.evidence()).withHop(check.finding());
  }

  /**
   * The blocking hops after the first that its fix does not clear: they would block once it is
   * fixed (null when none).
   */
  static Evidence laterBlocks(PathEvaluation path) {
    List<HopCheck> blocking = path.blocking();
    // Hops blocked for the same reason (a route through the inactive peering) clear with it.
    List<HopCheck> later =
        blocking.stream().skip(1).filter(h -> h.verdict() != blocking.get(0).verdict()).toList();
    if (later.isEmpty()) {
      return null;
    }
    return Evidence.fact(
            "once that is fixed, the path is still blocked: "
                + String.join("; ", later.stream().map(HopCheck::evidence).toList()))
        .withHop(later.get(0).finding());
  }
}
