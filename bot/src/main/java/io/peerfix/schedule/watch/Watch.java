package io.peerfix.schedule.watch;

import io.peerfix.diagnosis.RootCause;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state machine that decides what a scheduled run reports: a target that starts failing is
 * reported once with its diagnosis (never the same failure twice in a row); a target that works
 * again is reported once with how long it was down; a new cause while failing is a follow-up in the
 * incident's thread; a run where no node could be probed changes nothing. A target whose observed
 * state changes {@code changesThatFlap} times within the flap window is flapping: reported once per
 * window, and its failures and recoveries are not reported until it settles, when the settled state
 * is compared with the one last reported.
 */
public final class Watch {
  private final Duration flapWindow;
  private final int changesThatFlap;

  public Watch(Duration flapWindow, int changesThatFlap) {
    if (flapWindow.isNegative() || flapWindow.isZero()) {
      throw new IllegalArgumentException("flapWindow must be positive");
    }
    if (changesThatFlap < 2) {
      throw new IllegalArgumentException("changesThatFlap must be at least 2");
    }
    this.flapWindow = flapWindow;
    this.changesThatFlap = changesThatFlap;
  }

  /** The record after {@code check} and the report it calls for. */
  public Step decide(TargetRecord before, Check check) {
    Instant at = check.at();
    TargetState now = check.state();
    var history = before.historyWith(check);
    if (now == TargetState.UNKNOWN) {
      return new Step(
          new TargetRecord(
              before.reported(),
              before.cause(),
              before.incidentStart(),
              before.thread(),
              before.observed(),
              before.since(),
              before.changes(),
              before.flapReported(),
              Optional.of(check),
              history),
          Optional.empty());
    }
    boolean changed = now != before.observed() || before.since().isEmpty();
    Instant since = changed ? at : before.since().orElse(at);
    List<Instant> changes = new ArrayList<>();
    Instant windowStart = at.minus(flapWindow);
    before.changes().stream().filter(c -> c.isAfter(windowStart)).forEach(changes::add);
    if (now != before.observed()) {
      changes.add(at);
    }
    if (changes.size() >= changesThatFlap) {
      return flapping(before, check, since, changes, history);
    }
    TargetState reported = before.reported();
    Optional<RootCause> cause = before.cause();
    Optional<Instant> incidentStart = before.incidentStart();
    Optional<String> thread = before.thread();
    Optional<Report> report = Optional.empty();
    if (reported != TargetState.FAILING && now == TargetState.FAILING) {
      report = Optional.of(new Report.Failure(check.target(), check.cause(), check));
      reported = TargetState.FAILING;
      cause = Optional.of(check.cause());
      incidentStart = Optional.of(since);
      thread = Optional.empty();
    } else if (reported == TargetState.FAILING && now == TargetState.OK) {
      Duration down = Duration.between(incidentStart.orElse(since), at);
      report = Optional.of(new Report.Recovery(check.target(), down, check));
      reported = TargetState.OK;
      cause = Optional.empty();
      incidentStart = Optional.empty();
      thread = Optional.empty();
    } else if (reported == TargetState.FAILING && !cause.equals(Optional.of(check.cause()))) {
      report =
          Optional.of(
              new Report.CauseChanged(
                  check.target(), cause.orElse(RootCause.UNKNOWN), check.cause(), thread, check));
      cause = Optional.of(check.cause());
    }
    return new Step(
        new TargetRecord(
            reported,
            cause,
            incidentStart,
            thread,
            now,
            Optional.of(since),
            changes,
            before.flapReported(),
            Optional.of(check),
            history),
        report);
  }

  private Step flapping(
      TargetRecord before,
      Check check,
      Instant since,
      List<Instant> changes,
      java.util.Map<String, List<NodeSample>> history) {
    Instant at = check.at();
    boolean said =
        before.flapReported().isPresent()
            && before.flapReported().get().isAfter(at.minus(flapWindow));
    Optional<Report> report =
        said
            ? Optional.empty()
            : Optional.of(
                new Report.Flapping(
                    check.target(), changes.size(), flapWindow, before.thread(), check));
    return new Step(
        new TargetRecord(
            before.reported(),
            before.cause(),
            before.incidentStart(),
            before.thread(),
            check.state(),
            Optional.of(since),
            changes,
            said ? before.flapReported() : Optional.of(at),
            Optional.of(check),
            history),
        report);
  }
}
