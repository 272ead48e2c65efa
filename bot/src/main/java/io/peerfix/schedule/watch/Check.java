package io.peerfix.schedule.watch;

import io.peerfix.diagnosis.RootCause;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One scheduled run's result for one target: the diagnosis' root cause, each probed node's sample
 * and the nodes left out. The state follows from them: no node probed is {@link
 * TargetState#UNKNOWN}, {@code HEALTHY} is {@link TargetState#OK}, any other cause {@link
 * TargetState#FAILING}.
 */
public record Check(
    String target, Instant at, RootCause cause, List<NodeSample> nodes, List<LeftOut> leftOut) {
  public Check {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(cause, "cause");
    nodes = List.copyOf(nodes);
    leftOut = List.copyOf(leftOut);
  }

  public TargetState state() {
    if (nodes.isEmpty()) {
      return TargetState.UNKNOWN;
    }
    return cause == RootCause.HEALTHY ? TargetState.OK : TargetState.FAILING;
  }

  /** The probed nodes whose pods did not reach the target, by name. */
  public List<String> failingNodes() {
    return nodes.stream().filter(n -> !n.reachable()).map(NodeSample::node).sorted().toList();
  }

  /** The slowest successful probe of this run, the latency people feel. */
  public OptionalLong latencyMillis() {
    return nodes.stream()
        .filter(NodeSample::reachable)
        .map(NodeSample::millis)
        .filter(OptionalLong::isPresent)
        .mapToLong(OptionalLong::getAsLong)
        .max();
  }
}
