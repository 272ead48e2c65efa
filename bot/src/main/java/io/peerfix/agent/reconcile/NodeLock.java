package io.peerfix.agent.reconcile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Makes one agent's read-plan-write of the nat table exclusive among peerfix agents on a node (two
 * agents during a DaemonSet rollout overlap must not both add the same missing rule).
 *
 * <p>The xtables lock alone does not do it: it covers one iptables command, not the save that comes
 * before the restore. This lock is a POSIX record lock ({@code fcntl}, what {@link
 * FileChannel#lock} takes on Linux) on the host's {@code /run/xtables.lock} itself, which the agent
 * mounts anyway; iptables takes {@code flock} on that file, and on Linux the two kinds of lock do
 * not interact, so holding this one never blocks iptables, including our own restore inside it. A
 * JVM-wide lock per path covers two reconcilers in one process, which {@code fcntl} locks cannot
 * tell apart.
 */
public final class NodeLock {
  private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private final Path file;

  public NodeLock(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  /** The host's xtables lock file, as iptables uses it. */
  public static NodeLock xtables() {
    return new NodeLock(Path.of("/run/xtables.lock"));
  }

  /** Runs {@code work} holding the lock, waiting for it as long as it takes. */
  public <T> T holding(Supplier<T> work) {
    ReentrantLock local = IN_PROCESS.computeIfAbsent(file, p -> new ReentrantLock());
    local.lock();
    try (FileChannel channel =
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      return work.get();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
    } finally {
      local.unlock();
    }
  }
}
