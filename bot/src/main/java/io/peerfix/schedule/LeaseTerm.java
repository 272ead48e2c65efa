package io.peerfix.schedule;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The lease lock of one election, which also knows until when this replica may act as the leader:
 * the renew time of the last record it wrote as holder plus the renew deadline. That renew time is
 * the one the other replicas count the lease's expiry from, taken by the elector before the
 * renewal's requests, so a renewal that is slow to answer does not move the end later than what the
 * others see; a write that failed extends nothing. Because the lease duration is longer than the
 * renew deadline, the term ends before any other replica may take the lease.
 *
 * <p>fabric8's elector measures its own renew deadline from when a renewal returned, and checks it
 * only between requests, so under load a leader it still calls one could run past the moment
 * another replica took the lease over; this end is what {@link LeaseLeadership} trusts instead.
 */
final class LeaseTerm implements Lock {
  private final Lock lock;
  private final Duration renewDeadline;
  private final Consumer<LeaseTerm> renewed;
  private volatile Instant end = Instant.MIN;

  /** {@code renewed} hears of each write that keeps this replica the holder, once it succeeded. */
  LeaseTerm(Lock lock, Duration renewDeadline, Consumer<LeaseTerm> renewed) {
    this.lock = lock;
    this.renewDeadline = renewDeadline;
    this.renewed = renewed;
  }

  /** The instant from which this replica no longer leads, unless a renewal moves it. */
  Instant end() {
    return end;
  }

  @Override
  public LeaderElectionRecord get(KubernetesClient client) {
    return lock.get(client);
  }

  @Override
  public void create(KubernetesClient client, LeaderElectionRecord record) {
    lock.create(client, record);
    wrote(record);
  }

  @Override
  public void update(KubernetesClient client, LeaderElectionRecord record) {
    lock.update(client, record);
    wrote(record);
  }

  private void wrote(LeaderElectionRecord record) {
    if (identity().equals(record.getHolderIdentity())) {
      end = record.getRenewTime().toInstant().plus(renewDeadline);
      renewed.accept(this);
    } else {
      end = Instant.MIN; // released
    }
  }

  @Override
  public String identity() {
    return lock.identity();
  }

  @Override
  public String describe() {
    return lock.describe();
  }
}
