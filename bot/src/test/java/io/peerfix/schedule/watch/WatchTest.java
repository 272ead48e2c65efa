package io.peerfix.schedule.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.diagnosis.RootCause;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class WatchTest {
  private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
  private static final Duration EVERY = Duration.ofMinutes(5);
  private final Watch watch = new Watch(Duration.ofMinutes(30), 3);

  /** Runs the checks in order from a fresh record, every five minutes, and returns the reports. */
  private List<Report> run(RootCause... causes) {
    return runAll(TargetRecord.fresh(), causes).reports;
  }

  private record Outcome(TargetRecord record, List<Report> reports) {}

  private Outcome runAll(TargetRecord start, RootCause... causes) {
    TargetRecord record = start;
    List<Report> reports = new ArrayList<>();
    for (int i = 0; i < causes.length; i++) {
      Step step = watch.decide(record, check(T0.plus(EVERY.multipliedBy(i)), causes[i]));
      record = step.record();
      if (step.report().isPresent()) {
        reports.add(step.report().get());
        if (step.report().get() instanceof Report.Failure) {
          record = record.withThread("1700000000.00010" + i);
        }
      }
    }
    return new Outcome(record, reports);
  }

  private static Check check(Instant at, RootCause cause) {
    boolean ok = cause == RootCause.HEALTHY;
    return new Check(
        "rds-prod",
        at,
        cause,
        List.of(
            new NodeSample("node1", at, ok, ok ? OptionalLong.of(12) : OptionalLong.empty()),
            new NodeSample("node2", at, ok, ok ? OptionalLong.of(30) : OptionalLong.empty())),
        List.of());
  }

  private static final RootCause OK = RootCause.HEALTHY;
  private static final RootCause NAT = RootCause.POD_SOURCE_NOT_MASQUERADED;
  private static final RootCause SG = RootCause.SECURITY_GROUP_BLOCKS;

  @Test
  void aHealthyTargetIsNeverReported() {
    assertThat(run(OK, OK, OK)).isEmpty();
  }

  @Test
  void aTargetThatStartsFailingIsReportedOnceWithItsCause() {
    List<Report> reports = run(OK, NAT, NAT, NAT);

    assertThat(reports).hasSize(1);
    assertThat(reports.get(0)).isInstanceOf(Report.Failure.class);
    assertThat(((Report.Failure) reports.get(0)).cause()).isEqualTo(NAT);
    assertThat(reports.get(0).check().at()).isEqualTo(T0.plus(EVERY));
  }

  @Test
  void aTargetFailingAtTheFirstRunIsReported() {
    assertThat(run(NAT)).singleElement().isInstanceOf(Report.Failure.class);
  }

  @Test
  void aRecoveryIsReportedWithHowLongTheTargetWasDown() {
    List<Report> reports = run(OK, NAT, NAT, NAT, OK, OK);

    assertThat(reports).hasSize(2);
    Report.Recovery recovery = (Report.Recovery) reports.get(1);
    assertThat(recovery.downFor()).isEqualTo(EVERY.multipliedBy(3));
  }

  @Test
  void aNewCauseWhileFailingFollowsUpInTheIncidentsThread() {
    List<Report> reports = run(NAT, NAT, SG, SG);

    assertThat(reports).hasSize(2);
    Report.CauseChanged changed = (Report.CauseChanged) reports.get(1);
    assertThat(changed.from()).isEqualTo(NAT);
    assertThat(changed.to()).isEqualTo(SG);
    assertThat(changed.thread()).contains("1700000000.000100");
  }

  @Test
  void aRunThatProbedNoNodeChangesNothing() {
    TargetRecord failing = runAll(TargetRecord.fresh(), NAT).record;
    Check nothing =
        new Check(
            "rds-prod",
            T0.plus(EVERY),
            RootCause.UNKNOWN,
            List.of(),
            List.of(new LeftOut("node1", NodeCondition.NOT_READY)));

    Step step = watch.decide(failing, nothing);

    assertThat(step.report()).isEmpty();
    assertThat(step.record().reported()).isEqualTo(TargetState.FAILING);
    assertThat(step.record().observed()).isEqualTo(TargetState.FAILING);
    assertThat(step.record().last()).contains(nothing);
  }

  @Test
  void aFlappingTargetIsReportedOncePerWindow() {
    // Down, up, down, up, ... every five minutes for 25 minutes, within one 30-minute window.
    List<Report> reports = run(NAT, OK, NAT, OK, NAT, OK);

    assertThat(reports)
        .extracting(r -> r.getClass().getSimpleName())
        .containsExactly("Failure", "Recovery", "Flapping");
    Report.Flapping flap = (Report.Flapping) reports.get(2);
    assertThat(flap.changes()).isEqualTo(3);
    assertThat(flap.window()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void aTargetStillFlappingAfterTheWindowIsReportedAgain() {
    RootCause[] causes = new RootCause[16];
    for (int i = 0; i < causes.length; i++) {
      causes[i] = i % 2 == 0 ? NAT : OK;
    }

    List<Report> reports = run(causes);

    // Flapping first said at 10 min, then once per 30-minute window, and nothing between.
    assertThat(reports)
        .filteredOn(Report.Flapping.class::isInstance)
        .extracting(r -> r.check().at())
        .containsExactly(
            T0.plus(Duration.ofMinutes(10)),
            T0.plus(Duration.ofMinutes(40)),
            T0.plus(Duration.ofMinutes(70)));
    assertThat(reports).hasSize(5);
  }

  @Test
  void aFlappingTargetThatSettlesIsReportedInItsSettledState() {
    // Flaps (reported once), then fails steadily: once the changes leave the window (at 30 min)
    // the settled failure is reported, and the recovery after it.
    RootCause[] causes = {NAT, OK, NAT, NAT, NAT, NAT, NAT, NAT, NAT, NAT, NAT, OK};

    List<Report> reports = run(causes);

    assertThat(reports)
        .extracting(r -> r.getClass().getSimpleName())
        .containsExactly("Failure", "Recovery", "Flapping", "Failure", "Recovery");
  }

  @Test
  void eachNodeKeepsItsLastTenSamples() {
    RootCause[] causes = new RootCause[14];
    java.util.Arrays.fill(causes, OK);

    TargetRecord record = runAll(TargetRecord.fresh(), causes).record;

    assertThat(record.history().get("node1")).hasSize(TargetRecord.SAMPLES);
    assertThat(record.history().get("node1").get(9).at())
        .isEqualTo(T0.plus(EVERY.multipliedBy(13)));
    assertThat(record.thread()).isEqualTo(Optional.empty());
  }
}
