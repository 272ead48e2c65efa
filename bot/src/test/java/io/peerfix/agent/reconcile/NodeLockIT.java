package io.peerfix.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.exec.CommandResult;
import io.peerfix.exec.ProcessCommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The node lock excludes another process's record lock on the same file (a second agent) but never
 * the {@code flock} that iptables takes on it, so holding it cannot block an iptables command.
 */
class NodeLockIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final ProcessCommandRunner runner = new ProcessCommandRunner();

  private CommandResult otherProcessRecordLock(Path file) {
    return runner.run(
        List.of(
            "python3",
            "-c",
            "import fcntl,sys\n"
                + "f=open(sys.argv[1],'a')\n"
                + "fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\n",
            file.toString()),
        TIMEOUT);
  }

  private CommandResult iptablesStyleFlock(Path file) {
    return runner.run(List.of("flock", "--nonblock", file.toString(), "true"), TIMEOUT);
  }

  @Test
  void whileHeldAnotherAgentCannotTakeItButIptablesCan() throws Exception {
    Path file = Files.createTempFile("peerfix-lock", ".lock");
    try {
      NodeLock lock = new NodeLock(file);
      List<CommandResult> held =
          lock.holding(() -> List.of(otherProcessRecordLock(file), iptablesStyleFlock(file)));
      assertThat(held.get(0).ok()).as("another agent's lock while held").isFalse();
      assertThat(held.get(1).ok()).as(held.get(1).describeFailure()).isTrue();
      assertThat(otherProcessRecordLock(file).ok()).as("after release").isTrue();
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
