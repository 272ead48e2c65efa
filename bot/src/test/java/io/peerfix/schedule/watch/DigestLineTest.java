package io.peerfix.schedule.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.diagnosis.RootCause;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DigestLineTest {
  private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
  private final Watch watch = new Watch(Duration.ofMinutes(30), 3);

  @Test
  void aLinePerTargetWithStateSinceAffectedNodesLeftOutAndLatency() {
    Check failing =
        new Check(
            "rds-prod",
            T0,
            RootCause.POD_SOURCE_NOT_MASQUERADED,
            List.of(
                new NodeSample("node2", T0, false, OptionalLong.empty()),
                new NodeSample("node1", T0, false, OptionalLong.empty())),
            List.of(new LeftOut("node3", NodeCondition.CORDONED)));
    Check healthy =
        new Check(
            "ledger",
            T0,
            RootCause.HEALTHY,
            List.of(
                new NodeSample("node1", T0, true, OptionalLong.of(8)),
                new NodeSample("node2", T0, true, OptionalLong.of(21))),
            List.of());
    Map<String, TargetRecord> records =
        Map.of(
            "rds-prod", watch.decide(TargetRecord.fresh(), failing).record(),
            "ledger", watch.decide(TargetRecord.fresh(), healthy).record());

    List<DigestLine> lines = DigestLine.of(List.of("rds-prod", "ledger", "billing"), records, 3);

    assertThat(lines)
        .extracting(DigestLine::target, DigestLine::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("rds-prod", TargetState.FAILING),
            org.assertj.core.groups.Tuple.tuple("ledger", TargetState.OK),
            org.assertj.core.groups.Tuple.tuple("billing", TargetState.UNKNOWN));
    assertThat(lines.get(0).nodesAffected()).containsExactly("node1", "node2");
    assertThat(lines.get(0).leftOut())
        .containsExactly(new LeftOut("node3", NodeCondition.CORDONED));
    assertThat(lines.get(0).since()).contains(T0);
    assertThat(lines.get(1).latencyMillis()).hasValue(21);
    assertThat(lines.get(2).since()).isEmpty();
  }
}
