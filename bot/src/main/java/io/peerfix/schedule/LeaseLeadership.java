package io.peerfix.schedule;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership through a Kubernetes Lease with fabric8's {@link LeaderElector}. The elector stops for
 * good once it loses the lease (as client-go's does), so this joins a new election each time one
 * ends, after the retry period, until closed. The lease is released when closed ({@code
 * releaseOnCancel}), so another replica takes over at once after a clean stop, and within the lease
 * duration after a crash; because a release on cancel may skip the elector's own stop callback
 * (fabric8 issue 5463), {@link #close} stops the work itself before cancelling.
 *
 * <p>A term ends at its renew deadline counted from the renew time last written ({@link
 * LeaseTerm}), not when fabric8's elector notices: {@link #leading} is false from that instant, and
 * the work is stopped and the lease released then, even while a renewal is still waiting for the
 * API. So no two replicas lead at once (the others may take the lease only once it expired, and the
 * lease duration is longer than the renew deadline). The lease gives no fencing: work already under
 * way may finish after the term ended, which the ledger's slot claims cover.
 */
public final class LeaseLeadership implements Leadership {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseLeadership.class);

  /**
   * The elector writes renew times from the system clock and the other replicas compare them with
   * theirs, so the term is measured on the same clock (not an injected one).
   */
  private static final Clock SYSTEM = Clock.systemUTC();

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
  private final UnaryOperator<Lock> api;
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
  private volatile LeaseTerm term;
  private final AtomicReference<ScheduledFuture<?>> deadline = new AtomicReference<>();
  private Runnable onLead = () -> {};
  private Runnable onLose = () -> {};

  public LeaseLeadership(
      KubernetesClient client, String namespace, String lease, String identity, Timing timing) {
    this(client, namespace, lease, identity, timing, UnaryOperator.identity());
  }

  /** As above, with the lease's API calls passed through {@code api} (a test stalls them). */
  LeaseLeadership(
      KubernetesClient client,
      String namespace,
      String lease,
      String identity,
      Timing timing,
      UnaryOperator<Lock> api) {
    this.client = client;
    this.namespace = namespace;
    this.lease = lease;
    this.identity = identity;
    this.timing = timing;
    this.api = api;
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
    LeaseTerm lock =
        new LeaseTerm(
            api.apply(new LeaseLock(namespace, lease, identity)),
            timing.renewDeadline(),
            this::arm);
    term = lock;
    LeaderElector elector =
        client
            .leaderElector()
            .withConfig(
                new LeaderElectionConfigBuilder()
                    .withName("peerfix-schedules")
                    .withLock(lock)
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

  /** Ends {@code renewed}'s term at its end, unless a renewal moves the end later first. */
  private void arm(LeaseTerm renewed) {
    long delay = Math.max(1, Duration.between(SYSTEM.instant(), renewed.end()).toMillis() + 1);
    try {
      ScheduledFuture<?> previous =
          deadline.getAndSet(
              rejoin.schedule(() -> checkTerm(renewed), delay, TimeUnit.MILLISECONDS));
      if (previous != null) {
        previous.cancel(false);
      }
    } catch (RejectedExecutionException closing) {
      // closed meanwhile: close() stops the work itself
    }
  }

  /**
   * Past the term's end with no renewal: stops the work, then ends the election (which releases the
   * lease if this replica still holds it) so that a new one is joined. A term of an election that
   * already ended is none of this one's business.
   */
  private void checkTerm(LeaseTerm t) {
    if (t != term) {
      return;
    }
    if (SYSTEM.instant().isBefore(t.end())) {
      arm(t); // renewed meanwhile, or the timer woke before the wall clock got there
      return;
    }
    if (leading.get()) {
      LOG.warn("{} could not renew the lease within its renew deadline", identity);
    }
    lose();
    CompletableFuture<?> e = election;
    if (e != null) {
      e.cancel(true);
    }
  }

  private void lead() {
    if (!closed && inTerm() && leading.compareAndSet(false, true)) {
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

  private boolean inTerm() {
    LeaseTerm t = term;
    return t != null && SYSTEM.instant().isBefore(t.end());
  }

  @Override
  public boolean leading() {
    return leading.get() && inTerm();
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
