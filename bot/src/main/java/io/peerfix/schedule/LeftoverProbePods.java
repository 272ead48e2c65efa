package io.peerfix.schedule;

import io.peerfix.k8s.ProbePodSweeper;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's clean-up: removes probe pods (found by their label) older than {@code maxAge}, the
 * ones a replica that crashed mid-run left behind. A failure is logged and tried again on the next
 * sweep (the client counts the failed request); it never stops the schedules.
 */
public final class LeftoverProbePods implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(LeftoverProbePods.class);

  /** Probe pods older than this are a crashed replica's leftovers (a probe pod lives ~1 min). */
  public static final Duration MAX_AGE = Duration.ofMinutes(10);

  private final ProbePodSweeper sweeper;
  private final Duration maxAge;

  public LeftoverProbePods(ProbePodSweeper sweeper, Duration maxAge) {
    this.sweeper = sweeper;
    this.maxAge = maxAge;
  }

  @Override
  public void run() {
    try {
      List<String> gone = sweeper.sweep(maxAge);
      if (!gone.isEmpty()) {
        LOG.info("removed leftover probe pods: {}", gone);
      }
    } catch (RuntimeException e) {
      LOG.warn("leftover probe pods could not be removed: {}", e.getMessage());
    }
  }
}
