package io.peerfix.vpc;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the AWS network does to one TCP path: every hop checked, in path order. The verdict is the
 * first blocking hop's; with no blocking hop it is {@link PathVerdict#UNKNOWN} if some hop could
 * not be evaluated, else {@link PathVerdict#REACHABLE}. Later blocking hops are kept: they would
 * block too once the first is fixed.
 */
public record PathEvaluation(PathQuery query, List<HopCheck> hops) {
  public PathEvaluation {
    hops = hops.stream().sorted(Comparator.comparing(HopCheck::hop)).toList();
  }

  public PathVerdict verdict() {
    return decidingHop()
        .map(HopCheck::verdict)
        .orElse(
            hops.stream().anyMatch(h -> h.outcome() == HopOutcome.UNKNOWN)
                ? PathVerdict.UNKNOWN
                : PathVerdict.REACHABLE);
  }

  /** True when the request gets there and the reply gets back. */
  public boolean reachable() {
    return verdict() == PathVerdict.REACHABLE;
  }

  /** The first blocking hop in path order, if any. */
  public Optional<HopCheck> decidingHop() {
    return blocking().stream().findFirst();
  }

  /** Every blocking hop, in path order. */
  public List<HopCheck> blocking() {
    return hops.stream().filter(HopCheck::blocks).toList();
  }

  /** The hop for {@code hop}, if it was checked. */
  public Optional<HopCheck> hop(Hop hop) {
    return hops.stream().filter(h -> h.hop() == hop).findFirst();
  }

  /** Evidence lines: blocking hops first (path order), then unknown hops. */
  public List<String> evidence() {
    return java.util.stream.Stream.concat(
            blocking().stream(), hops.stream().filter(h -> h.outcome() == HopOutcome.UNKNOWN))
        .map(HopCheck::evidence)
        .toList();
  }

  /** The fixes of every blocking hop, in path order. */
  public List<AwsFix> fixes() {
    return blocking().stream().flatMap(h -> h.fixes().stream()).distinct().toList();
  }
}
