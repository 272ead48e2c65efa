package io.peerfix.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.peerfix.config.ScheduleConfig;
import io.peerfix.config.SchedulesConfig;
import io.peerfix.k8s.ProbePodSweeper;
import io.peerfix.metrics.PeerfixMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader drives the probe-pod sweeper: two assembled replicas ({@link ScheduleService}) share
 * one lab lock and one (mock) Kubernetes API with leftover pods; only the one that leads collects
 * them (by label, past their age), and when it stops the other takes the sweep over.
 */
@EnableKubernetesMockClient(crud = true)
class LeaderSweepTest {
  private static final String PROBES = "peerfix-probes";
  private static final Map<String, String> PROBE_LABEL =
      Map.of("app.kubernetes.io/name", "peerfix-probe");

  /** Never fires within a test: only the sweep runs. */
  private static final ScheduleConfig RARE =
      new ScheduleConfig(
          "rds-watch",
          List.of("rds-prod"),
          "0 0 0 1 1 ? 2099",
          "C0123REPORTS",
          Optional.empty(),
          Duration.ofMinutes(30));

  @TempDir Path state;
  KubernetesClient client;
  private final List<ScheduleService> replicas = new ArrayList<>();

  @AfterEach
  void stop() {
    replicas.forEach(ScheduleService::close);
  }

  /**
   * A replica whose sweeps are counted; its sweeper's clock is 11 minutes on, so the pods the test
   * makes now are past the 10 minutes a leftover is given (the age edges: ProbePodSweeperTest).
   */
  private ScheduleService replica(String name, AtomicInteger sweeps) {
    Runnable sweep =
        new LeftoverProbePods(
            new ProbePodSweeper(
                client, PROBES, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(11))),
            LeftoverProbePods.MAX_AGE);
    ScheduleService service =
        new ScheduleService(
            new SchedulesConfig(List.of(RARE)),
            new FileLedgerStore(state),
            new FileLockLeadership(state.resolve("schedules.lock"), Duration.ofMillis(100)),
            new Fakes.Checker(),
            new Fakes.Channel(),
            PeerfixMetrics.inMemory(),
            Optional.of(
                () -> {
                  sweeps.incrementAndGet();
                  sweep.run();
                }),
            name,
            Clock.systemUTC(),
            () -> {});
    replicas.add(service);
    return service;
  }

  private void pod(String name, Map<String, String> labels) {
    try {
      client
          .pods()
          .inNamespace(PROBES)
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withLabels(labels)
                  .endMetadata()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e; // 409: a create the client retried on a slow machine had made it
      }
    }
  }

  private List<String> pods() {
    return client.pods().inNamespace(PROBES).list().getItems().stream()
        .map(p -> p.getMetadata().getName())
        .sorted()
        .toList();
  }

  @Test
  void onlyTheLeaderCollectsLeftoverProbePodsAndTheNextLeaderTakesItOver() {
    pod("peerfix-probe-left-by-a-crash", PROBE_LABEL);
    pod("someone-elses-pod", Map.of("app.kubernetes.io/name", "orders"));
    AtomicInteger aSweeps = new AtomicInteger();
    AtomicInteger bSweeps = new AtomicInteger();
    ScheduleService a = replica("bot-a", aSweeps);
    ScheduleService b = replica("bot-b", bSweeps);

    a.start();
    b.start();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !pods().contains("peerfix-probe-left-by-a-crash"));

    assertThat(a.leading()).isTrue();
    assertThat(b.leading()).isFalse();
    assertThat(aSweeps).hasValue(1);
    assertThat(bSweeps).hasValue(0);
    assertThat(pods()).containsExactly("someone-elses-pod");

    pod("peerfix-probe-left-by-a-second-crash", PROBE_LABEL);
    a.close();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !pods().contains("peerfix-probe-left-by-a-second-crash"));

    assertThat(b.leading()).isTrue();
    assertThat(bSweeps).hasValue(1);
    assertThat(aSweeps).hasValue(1);
    assertThat(pods()).containsExactly("someone-elses-pod");
  }
}
