package io.peerfix.schedule;

/**
 * Which replica runs the schedules: {@link #start} joins the election and calls {@code onLead} when
 * this replica becomes the leader and {@code onLose} when it stops being one (each once per term,
 * never both at once); it keeps taking part until {@link #close}, which calls {@code onLose} first
 * if it leads. A Kubernetes Lease in a cluster ({@link LeaseLeadership}), a file lock in the lab
 * ({@link FileLockLeadership}).
 */
public interface Leadership extends AutoCloseable {
  void start(Runnable onLead, Runnable onLose);

  boolean leading();

  @Override
  void close();
}
