package io.peerfix.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ProcessCommandRunnerTest {
  private final ProcessCommandRunner runner = new ProcessCommandRunner();

  @Test
  void passesItsInputAndCapturesTheOutput() {
    CommandResult result = runner.run(List.of("cat"), "hello\n", Duration.ofSeconds(10));

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo("hello\n");
    assertThat(result.timedOut()).isFalse();
  }

  /** 4 MiB is far beyond a pipe's buffer (64 KiB on Linux): a blocking write would never return. */
  @Test
  @Timeout(30)
  void aProgramThatNeverReadsItsInputIsStoppedAtTheTimeout() {
    String input = "x".repeat(4 * 1024 * 1024);

    CommandResult result = runner.run(List.of("sleep", "60"), input, Duration.ofMillis(500));

    assertThat(result.timedOut()).isTrue();
    assertThat(result.exitCode()).isEqualTo(-1);
  }

  @Test
  void aProgramThatExitsWithoutReadingItsInputGivesItsExitCode() {
    CommandResult result =
        runner.run(List.of("false"), "x".repeat(1024 * 1024), Duration.ofSeconds(10));

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.timedOut()).isFalse();
  }
}
