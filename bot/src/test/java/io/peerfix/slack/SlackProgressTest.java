package io.peerfix.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerfix.diagnosis.DiagnosisTarget;
import io.peerfix.diagnosis.RootCause;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.orchestration.DiagnosisEvent;
import io.peerfix.orchestration.DiagnosisListener;
import io.peerfix.orchestration.DiagnosisRun;
import io.peerfix.orchestration.DiagnosisRunner;
import io.peerfix.slack.command.LabelSelector;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live message follows the diagnosis runner's events through the front door (signed slash
 * commands over HTTP, the Web API on WireMock): the nodes listed, N of M probes answered, the
 * predicted cause, then the result; and the first message is posted before the diagnosis waits for
 * a worker.
 */
class SlackProgressTest {
  private static final NodeInfo NODE =
      new NodeInfo(
          "ip-172-20-1-10",
          List.of(Ipv4.parse("172.20.1.10")),
          Cidr.parse("10.244.1.0/24"),
          Map.of());

  private SlackKit slack;
  private Scripted diagnoses;
  private HttpBot bot;

  @BeforeEach
  void start() throws Exception {
    slack = new SlackKit();
    diagnoses = new Scripted();
    bot = HttpBot.start(slack, diagnoses, Optional.empty(), new SlackCalls(d -> {}));
  }

  @AfterEach
  void stop() throws Exception {
    diagnoses.release.countDown();
    bot.close();
    slack.close();
  }

  private List<String> updates() {
    return slack.calls("chat.update").stream()
        .map(r -> SlackHttpTest.texts(SlackKit.param(r, "blocks")))
        .toList();
  }

  @Test
  void theMessageShowsProbesAnsweredAndThePredictedCauseBeforeTheResult() {
    bot.command("diagnose orders");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> updates().stream().anyMatch(t -> t.contains("Likely cause")));
    String progress =
        updates().stream().filter(t -> t.contains("Likely cause")).findFirst().orElseThrow();
    assertThat(progress)
        .contains(
            "3 nodes listed",
            "pod probes answered: 1 of 3",
            RootCause.POD_SOURCE_NOT_MASQUERADED.name());
    assertThat(updates()).noneMatch(t -> t.contains("orders: POD_SOURCE_NOT_MASQUERADED"));

    diagnoses.release.countDown();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              List<String> all = updates();
              return !all.isEmpty()
                  && all.get(all.size() - 1).contains("orders: POD_SOURCE_NOT_MASQUERADED");
            });
    assertThat(topLevelPosts()).isEqualTo(1);
  }

  @Test
  void theFirstMessageIsPostedWhileTheDiagnosisWaitsForAWorker() {
    int busy = 8; // every worker of the bot
    for (int i = 0; i < busy + 2; i++) {
      bot.command("diagnose orders");
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> topLevelPosts() == busy + 2 && diagnoses.started.get() == busy);
    assertThat(diagnoses.started.get()).isEqualTo(busy);
  }

  private long topLevelPosts() {
    return slack.calls("chat.postMessage").stream()
        .filter(r -> SlackKit.param(r, "thread_ts") == null)
        .count();
  }

  /** Tells the events of a three-node run, then waits for the test before it ends. */
  private static final class Scripted implements DiagnosisService {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger started = new AtomicInteger();

    @Override
    public List<String> targets() {
      return List.of("orders");
    }

    @Override
    public DiagnosisRun diagnose(
        String target, Optional<LabelSelector> nodes, DiagnosisListener listener) {
      started.incrementAndGet();
      listener.on(
          new DiagnosisEvent.Started(
              new DiagnosisTarget("orders", "10.0.5.20", 5432, ProbeProtocol.POSTGRES),
              Instant.now()));
      listener.on(new DiagnosisEvent.NodesListed(3, 3, DiagnosisRunner.ProbePlan.EVERY_NODE));
      listener.on(new DiagnosisEvent.ProbeAnswered(NODE, 1, Optional.empty(), 1, 3));
      listener.on(new DiagnosisEvent.Predicted(RootCause.POD_SOURCE_NOT_MASQUERADED, List.of()));
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return FakeDiagnoses.seedIncident();
    }
  }
}
