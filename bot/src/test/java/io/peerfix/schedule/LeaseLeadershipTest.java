package io.peerfix.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.peerfix.config.ScheduleConfig;
import io.peerfix.diagnosis.RootCause;
import io.peerfix.metrics.PeerfixMetrics;
import io.peerfix.schedule.watch.TargetRecord;
import io.peerfix.schedule.watch.TargetState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two bot replicas against one (mock) Kubernetes API: one Lease, one leader running the schedules
 * every second over one ConfigMap ledger; the leader dies, the other takes over, and the channel
 * still hears each change exactly once; a leader whose renewal hangs stops leading at its renew
 * deadline, before the other may take the lease.
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
    // Killed once the failure is posted and kept in the ledger: between the post and the ledger's
    // write no lease can help (the post is not undone), which is not what this test is about.
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> channel.posts.size() == 1 && reported("rds-prod") == TargetState.FAILING);
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

  @Test
  void aLeaderWhoseRenewalHangsStopsLeadingAtItsRenewDeadlineBeforeTheOtherTakesTheLease() {
    LeaseLeadership.Timing quick =
        new LeaseLeadership.Timing(
            Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(200));
    Stalling stalling = new Stalling();
    AtomicBoolean aStopped = new AtomicBoolean();
    try (KubernetesClient apiA = server.createClient();
        KubernetesClient apiB = server.createClient();
        LeaseLeadership a = new LeaseLeadership(apiA, NS, "stall", "bot-a", quick, stalling::over);
        LeaseLeadership b = new LeaseLeadership(apiB, NS, "stall", "bot-b", quick)) {
      try {
        a.start(() -> {}, () -> aStopped.set(true));
        await().atMost(Duration.ofSeconds(60)).until(a::leading);
        b.start(() -> {}, () -> {});

        stalling.stall();
        await().atMost(Duration.ofSeconds(60)).until(b::leading);

        assertThat(a.leading()).isFalse();
        await().atMost(Duration.ofSeconds(60)).untilTrue(aStopped);
      } finally {
        stalling.resume.countDown();
      }
    }
  }

  private TargetState reported(String target) {
    return new ScheduleLedger(new ConfigMapLedgerStore(client, NS), Clock.systemUTC())
        .records(EVERY_SECOND.name())
        .getOrDefault(target, TargetRecord.fresh())
        .reported();
  }

  /** A lease lock whose reads hang once stalled, as when the API stops answering a renewal. */
  private static final class Stalling {
    final CountDownLatch resume = new CountDownLatch(1);
    private volatile boolean stalled;

    void stall() {
      stalled = true;
    }

    Lock over(Lock lock) {
      return new Lock() {
        @Override
        public LeaderElectionRecord get(KubernetesClient api) {
          if (stalled) {
            try {
              resume.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return lock.get(api);
        }

        @Override
        public void create(KubernetesClient api, LeaderElectionRecord record) {
          lock.create(api, record);
        }

        @Override
        public void update(KubernetesClient api, LeaderElectionRecord record) {
          lock.update(api, record);
        }

        @Override
        public String identity() {
          return lock.identity();
        }

        @Override
        public String describe() {
          return lock.describe();
        }
      };
    }
  }
}
