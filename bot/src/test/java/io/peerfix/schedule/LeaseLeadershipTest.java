package io.peerfix.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.peerfix.config.ScheduleConfig;
import io.peerfix.diagnosis.RootCause;
import io.peerfix.metrics.PeerfixMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two bot replicas against one (mock) Kubernetes API: one Lease, one leader running the schedules
 * every second over one ConfigMap ledger; the leader dies, the other takes over, and the channel
 * still hears each change exactly once.
 */
@EnableKubernetesMockClient(crud = true)
class LeaseLeadershipTest {
  private static final String NS = "peerfix";
  private static final LeaseLeadership.Timing TIMING =
      new LeaseLeadership.Timing(
          Duration.ofSeconds(10), Duration.ofSeconds(7), Duration.ofMillis(500));
  private static final ScheduleConfig EVERY_SECOND =
      new ScheduleConfig(
          "rds-watch",
          List.of("rds-prod"),
          "* * * * * ?",
          "C0123REPORTS",
          Optional.empty(),
          Duration.ofMinutes(30));

  KubernetesMockServer server;
  KubernetesClient client;

  private final Fakes.Checker checker = new Fakes.Checker();
  private final Fakes.Channel channel = new Fakes.Channel();
  private final List<Replica> replicas = new ArrayList<>();

  /** One bot process: its own API client, elector and schedules. */
  private final class Replica {
    final KubernetesClient api = server.createClient();
    final String name;
    final QuartzSchedules schedules;
    final LeaseLeadership leadership;

    Replica(String name) {
      this.name = name;
      ScheduleLedger ledger =
          new ScheduleLedger(new ConfigMapLedgerStore(api, NS), Clock.systemUTC());
      schedules =
          new QuartzSchedules(
              List.of(EVERY_SECOND),
              new ScheduleRunner(ledger, checker, channel, PeerfixMetrics.inMemory(), name),
              ledger,
              PeerfixMetrics.inMemory(),
              Optional.empty(),
              Duration.ofMinutes(10),
              Clock.systemUTC());
      leadership = new LeaseLeadership(api, NS, "peerfix-schedules", name, TIMING);
      leadership.start(
          () -> {
            try {
              schedules.start();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          },
          schedules::stop);
      replicas.add(this);
    }

    /** Dies as a process does: no release, no more API calls. */
    void kill() {
      api.close();
      schedules.stop();
    }
  }

  @AfterEach
  void stop() {
    replicas.forEach(
        r -> {
          r.leadership.close();
          r.schedules.stop();
          r.api.close();
        });
  }

  private Replica leader() {
    List<Replica> leading = replicas.stream().filter(r -> r.leadership.leading()).toList();
    assertThat(leading).hasSizeLessThanOrEqualTo(1);
    return leading.isEmpty() ? null : leading.get(0);
  }

  @Test
  void oneOfTwoReplicasLeadsAndRunsTheSchedules() {
    new Replica("bot-a");
    new Replica("bot-b");

    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> leader() != null && leader().schedules.running());
    Replica leader = leader();

    assertThat(leader.schedules.running()).isTrue();
    assertThat(replicas.stream().filter(r -> r != leader))
        .allSatisfy(r -> assertThat(r.schedules.running()).isFalse());
    assertThat(
            client
                .leases()
                .inNamespace(NS)
                .withName("peerfix-schedules")
                .get()
                .getSpec()
                .getHolderIdentity())
        .isEqualTo(leader.name);
  }

  @Test
  void whenTheLeaderDiesTheOtherTakesOverAndNoReportIsLostOrDoubled() {
    checker.set("rds-prod", RootCause.POD_SOURCE_NOT_MASQUERADED);
    new Replica("bot-a");
    new Replica("bot-b");
    await().atMost(Duration.ofSeconds(120)).until(() -> channel.posts.size() == 1);
    Replica first = leader();

    first.kill();
    Replica second = replicas.stream().filter(r -> r != first).findFirst().orElseThrow();
    await()
        .atMost(TIMING.leaseDuration().plus(TIMING.renewDeadline()).plusSeconds(10))
        .until(() -> second.leadership.leading() && second.schedules.running());
    checker.set("rds-prod", RootCause.HEALTHY);
    await().atMost(Duration.ofSeconds(120)).until(() -> channel.posts.size() >= 2);
    // A few more slots on the new leader: nothing new to say, so nothing is said.
    int runs = checker.checks.get();
    await().atMost(Duration.ofSeconds(120)).until(() -> checker.checks.get() >= runs + 2);

    assertThat(channel.kinds()).containsExactly("failure", "recovery");
  }
}
