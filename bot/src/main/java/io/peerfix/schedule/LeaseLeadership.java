package io.peerfix.schedule;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership through a Kubernetes Lease with fabric8's {@link LeaderElector}. The elector stops for
 * good once it loses the lease (as client-go's does), so this joins a new election each time one
 * ends, after the retry period, until closed. The lease is released when closed ({@code
 * releaseOnCancel}), so another replica takes over at once after a clean stop, and within the lease
 * duration after a crash; because a release on cancel may skip the elector's own stop callback
 * (fabric8 issue 5463), {@link #close} stops the work itself before cancelling. The lease gives no
 * fencing: an old leader may run until its renew deadline, which the ledger's slot claims cover.
 */
public final class LeaseLeadership implements Leadership {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseLeadership.class);

  /** The election's timings: Kubernetes' own defaults are 15 s, 10 s and 2 s. */
  public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    public Timing {
      if (!(leaseDuration.compareTo(renewDeadline) > 0
          && renewDeadline.compareTo(retryPeriod) > 0
          && !retryPeriod.isNegative()
          && !retryPeriod.isZero())) {
        throw new IllegalArgumentException(
            "expected leaseDuration > renewDeadline > retryPeriod > 0");
      }
    }

    public static Timing standard() {
      return new Timing(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }
  }

  private final KubernetesClient client;
  private final String namespace;
  private final String lease;
  private final String identity;
  private final Timing timing;
  private final ScheduledExecutorService rejoin =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "peerfix-leader-election");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean leading = new AtomicBoolean();
  private volatile boolean closed;
  private volatile CompletableFuture<?> election;
  private Runnable onLead = () -> {};
  private Runnable onLose = () -> {};

  public LeaseLeadership(
      KubernetesClient client, String namespace, String lease, String identity, Timing timing) {
    this.client = client;
    this.namespace = namespace;
    this.lease = lease;
    this.identity = identity;
    this.timing = timing;
  }

  @Override
  public synchronized void start(Runnable onLead, Runnable onLose) {
    this.onLead = onLead;
    this.onLose = onLose;
    join();
  }

  private synchronized void join() {
    if (closed) {
      return;
    }
    LeaderElector elector =
        client
            .leaderElector()
            .withConfig(
                new LeaderElectionConfigBuilder()
                    .withName("peerfix-schedules")
                    .withLock(new LeaseLock(namespace, lease, identity))
                    .withLeaseDuration(timing.leaseDuration())
                    .withRenewDeadline(timing.renewDeadline())
                    .withRetryPeriod(timing.retryPeriod())
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(
                        new LeaderCallbacks(this::lead, this::lose, this::newLeader))
                    .build())
            .build();
    CompletableFuture<?> started = elector.start();
    election = started;
    started.whenComplete(
        (ok, error) -> {
          // The elector has stopped (the lease was lost, or the API failed): make sure the work
          // stops, then take part in the next election.
          lose();
          if (!closed) {
            rejoin.schedule(this::join, timing.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
          }
        });
  }

  private void lead() {
    if (!closed && leading.compareAndSet(false, true)) {
      LOG.info("{} leads the schedules (lease {}/{})", identity, namespace, lease);
      onLead.run();
    }
  }

  private void lose() {
    if (leading.compareAndSet(true, false)) {
      LOG.info("{} no longer leads the schedules", identity);
      onLose.run();
    }
  }

  private void newLeader(String who) {
    LOG.info("the schedules' leader is {}", who);
  }

  @Override
  public boolean leading() {
    return leading.get();
  }

  @Override
  public void close() {
    closed = true;
    lose();
    CompletableFuture<?> e = election;
    if (e != null) {
      e.cancel(true);
    }
    rejoin.shutdownNow();
  }
}
