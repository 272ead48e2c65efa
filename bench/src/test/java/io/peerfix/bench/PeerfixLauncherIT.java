package io.peerfix.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.exec.CommandResult;
import io.peerfix.exec.ProcessCommandRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/peerfix}, the launcher the benchmark times, runs the real command: same answers and
 * exit codes as {@code java -jar}, and its JVM flags never put anything but peerfix's output on
 * stdout.
 */
class PeerfixLauncherIT {
  private static final Path LAUNCHER = Path.of(System.getProperty("peerfix.launcher"));
  private static final Path EXAMPLE =
      LAUNCHER.getParent().resolve("../docs/examples/seed-incident-nat.txt").normalize();
  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  @Test
  void explainsTheSeedIncidentAsJsonWithNothingElseOnStdout() {
    CommandResult result =
        launch(
            "--rules",
            EXAMPLE.toString(),
            "--src",
            "10.244.1.5",
            "--dst",
            "10.0.5.20:5432",
            "--json");

    assertThat(result.exitCode()).as(result.describeFailure()).isZero();
    assertThat(result.stdout().strip()).startsWith("{").endsWith("}");
    assertThat(result.stdout()).contains("\"action\" : \"NONE\"");
  }

  @Test
  void badInputStillExitsWithTwoAndAReason() {
    CommandResult result =
        launch("--rules", "/nonexistent/rules.txt", "--src", "10.244.1.5", "--dst", "10.0.5.20");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr()).contains("/nonexistent/rules.txt");
  }

  private static CommandResult launch(String... explainArgs) {
    List<String> argv = new ArrayList<>(List.of(LAUNCHER.toString(), "nat", "explain"));
    argv.addAll(List.of(explainArgs));
    return new ProcessCommandRunner().run(argv, TIMEOUT);
  }
}
