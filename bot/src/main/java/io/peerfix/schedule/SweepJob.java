package io.peerfix.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Quartz's entry point for the leader's clean-up (leftover probe pods). */
@DisallowConcurrentExecution
final class SweepJob implements Job {
  private final Runnable sweep;

  SweepJob(Runnable sweep) {
    this.sweep = sweep;
  }

  @Override
  public void execute(JobExecutionContext context) {
    sweep.run();
  }
}
