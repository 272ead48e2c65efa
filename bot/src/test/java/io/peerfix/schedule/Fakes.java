package io.peerfix.schedule;

import io.peerfix.diagnosis.RootCause;
import io.peerfix.orchestration.DiagnosisRun;
import io.peerfix.schedule.watch.Check;
import io.peerfix.schedule.watch.DigestLine;
import io.peerfix.schedule.watch.NodeSample;
import io.peerfix.schedule.watch.Report;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** In-memory fakes of the schedules' ports. */
final class Fakes {
  private Fakes() {}

  /** A checker whose targets' causes the test sets; counts its checks. */
  static final class Checker implements TargetChecker {
    final Map<String, RootCause> causes = new ConcurrentHashMap<>();
    final AtomicInteger checks = new AtomicInteger();

    Checker set(String target, RootCause cause) {
      causes.put(target, cause);
      return this;
    }

    @Override
    public Checked check(String target, Instant at) {
      checks.incrementAndGet();
      RootCause cause = causes.getOrDefault(target, RootCause.HEALTHY);
      boolean ok = cause == RootCause.HEALTHY;
      return new Checked(
          new Check(
              target,
              at,
              cause,
              List.of(
                  new NodeSample("node1", at, ok, ok ? OptionalLong.of(9) : OptionalLong.empty())),
              List.of()),
          Optional.<DiagnosisRun>empty());
    }
  }

  /** A channel that keeps what was posted; top-level posts get increasing timestamps. */
  static final class Channel implements ReportSink {
    record Posted(String channel, Report report) {}

    final List<Posted> posts = new CopyOnWriteArrayList<>();
    final List<List<DigestLine>> digests = new CopyOnWriteArrayList<>();
    private final AtomicInteger ts = new AtomicInteger();

    @Override
    public Optional<String> post(String channel, Report report, Optional<DiagnosisRun> run) {
      posts.add(new Posted(channel, report));
      return Optional.of("1700000000." + String.format("%06d", ts.incrementAndGet()));
    }

    @Override
    public void digest(String channel, String schedule, List<DigestLine> lines) {
      digests.add(lines);
    }

    List<String> kinds() {
      return posts.stream().map(p -> ScheduleRunner.kind(p.report())).toList();
    }
  }
}
