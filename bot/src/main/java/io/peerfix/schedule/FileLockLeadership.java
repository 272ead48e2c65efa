package io.peerfix.schedule;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's leadership: an exclusive lock on a file under the lab's state directory. The holder
 * leads until it closes or its process ends (the kernel then drops the lock, so another {@code
 * serve --lab} takes over within one retry period); the others try again every retry period.
 */
public final class FileLockLeadership implements Leadership {
  private static final Logger LOG = LoggerFactory.getLogger(FileLockLeadership.class);

  private final Path file;
  private final Duration retry;
  private final ScheduledExecutorService tries =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "peerfix-lab-leader");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean leading = new AtomicBoolean();
  private FileChannel channel;
  private FileLock lock;
  private Runnable onLose = () -> {};

  public FileLockLeadership(Path file, Duration retry) {
    this.file = file;
    this.retry = retry;
  }

  @Override
  public void start(Runnable onLead, Runnable onLose) {
    this.onLose = onLose;
    // The first try is made at once, so the caller knows on return whether it leads.
    tryLead(onLead);
    tries.scheduleWithFixedDelay(
        () -> tryLead(onLead), retry.toMillis(), retry.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void tryLead(Runnable onLead) {
    if (lock != null) {
      return;
    }
    try {
      Files.createDirectories(file.getParent());
      FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l;
      try {
        l = c.tryLock();
      } catch (OverlappingFileLockException e) {
        l = null; // another elector of this process holds it
      }
      if (l == null) {
        c.close();
        return;
      }
      channel = c;
      lock = l;
    } catch (IOException e) {
      LOG.warn("cannot take the lab's schedule lock {}: {}", file, e.toString());
      return;
    }
    leading.set(true);
    LOG.info("this process leads the lab's schedules ({})", file);
    onLead.run();
  }

  @Override
  public boolean leading() {
    return leading.get();
  }

  @Override
  public synchronized void close() {
    tries.shutdownNow();
    if (leading.compareAndSet(true, false)) {
      onLose.run();
    }
    try {
      if (lock != null) {
        lock.release();
      }
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // The lock goes with the process anyway.
    }
    lock = null;
    channel = null;
  }
}
