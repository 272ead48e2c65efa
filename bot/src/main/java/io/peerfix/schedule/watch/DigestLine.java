package io.peerfix.schedule.watch;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One target's line in a schedule's digest: its state (flapping counts as its own), since when, the
 * nodes whose pods failed in the last run, the nodes left out of it, and the last run's latency.
 */
public record DigestLine(
    String target,
    TargetState state,
    boolean flapping,
    Optional<Instant> since,
    List<String> nodesAffected,
    List<LeftOut> leftOut,
    OptionalLong latencyMillis) {
  public DigestLine {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(state, "state");
    nodesAffected = List.copyOf(nodesAffected);
    leftOut = List.copyOf(leftOut);
  }

  /** The digest's lines, one per target in the order given; a target never run is UNKNOWN. */
  public static List<DigestLine> of(
      List<String> targets, Map<String, TargetRecord> records, int changesThatFlap) {
    return targets.stream()
        .map(t -> of(t, records.getOrDefault(t, null), changesThatFlap))
        .toList();
  }

  private static DigestLine of(String target, TargetRecord record, int changesThatFlap) {
    if (record == null || record.last().isEmpty()) {
      return new DigestLine(
          target,
          TargetState.UNKNOWN,
          false,
          Optional.empty(),
          List.of(),
          List.of(),
          OptionalLong.empty());
    }
    Check last = record.last().get();
    return new DigestLine(
        target,
        last.state() == TargetState.UNKNOWN ? TargetState.UNKNOWN : record.observed(),
        record.flapping(changesThatFlap),
        record.since(),
        last.failingNodes(),
        last.leftOut(),
        last.latencyMillis());
  }
}
