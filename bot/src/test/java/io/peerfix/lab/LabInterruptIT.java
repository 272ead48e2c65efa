package io.peerfix.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerfix.exec.ProcessCommandRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real signal to a real peerfix process: Ctrl-C (SIGINT to the process group, as a terminal sends
 * it) in the middle of {@code lab up}, SIGTERM during {@code demo}, each with a unique lab name;
 * what the process built is gone afterwards, or, with {@code --keep}, still there and the output
 * says how to remove it. It runs the demo: on a machine several people share, run it one at a time
 * with other demo runs.
 */
class LabInterruptIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  private final ProcessCommandRunner runner = new ProcessCommandRunner();
  private final Netns netns = new Netns(runner);
  private final LabPaths paths = LabPaths.standard();
  private final String name = RunningLab.uniqueName();

  @TempDir Path dir;

  @AfterEach
  void removeLab() {
    runner.run(
        List.of("java", "-jar", System.getProperty("peerfix.jar"), "lab", "down", "--name", name),
        Duration.ofSeconds(60));
  }

  @Test
  void ctrlCInTheMiddleOfLabUpRemovesWhatItBuilt() throws Exception {
    Process up = start("lab", "up", "--scenario", "seed-incident", "--nodes", "8", "--name", name);
    // Mid-build: the state is written first, then namespaces appear one by one.
    await()
        .atMost(WAIT)
        .until(() -> netns.list().stream().anyMatch(ns -> ns.startsWith(name + "-")));

    signalGroup(up, "INT");

    assertThat(up.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(up.exitValue()).isNotZero();
    assertThat(stderr()).contains("Interrupted: removing the lab " + name).contains("removed");
    assertNothingLeft();
  }

  @Test
  void sigtermDuringTheDemoRemovesTheLab() throws Exception {
    Process demo = start("demo", "--name", name);
    await().atMost(WAIT).until(() -> stdout().contains("== 2. "));

    demo.destroy(); // SIGTERM

    assertThat(demo.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(stdout())
        .contains("Interrupted: removing the lab " + name, "Lab " + name + " removed");
    assertNothingLeft();
  }

  @Test
  void sigtermDuringTheDemoWithKeepLeavesTheLabAndSaysHowToRemoveIt() throws Exception {
    Process demo = start("demo", "--name", name, "--keep");
    await().atMost(WAIT).until(() -> stdout().contains("== 2. "));

    demo.destroy();

    assertThat(demo.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(stdout())
        .contains("stays up (--keep); remove it with: peerfix lab down --name " + name);
    assertThat(netns.list()).contains(name + "-router");
  }

  private Process start(String... args) throws IOException {
    // setsid: the process leads a group of its own, so the test can signal it as a terminal does.
    List<String> argv =
        new ArrayList<>(List.of("setsid", "java", "-jar", System.getProperty("peerfix.jar")));
    argv.addAll(List.of(args));
    return new ProcessBuilder(argv)
        .redirectOutput(dir.resolve("out").toFile())
        .redirectError(dir.resolve("err").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
  }

  private void signalGroup(Process process, String signal) {
    runner
        .run(List.of("kill", "-" + signal, "--", "-" + process.pid()), Duration.ofSeconds(5))
        .orThrow();
  }

  private String stdout() throws IOException {
    return Files.readString(dir.resolve("out"), StandardCharsets.UTF_8);
  }

  private String stderr() throws IOException {
    return Files.readString(dir.resolve("err"), StandardCharsets.UTF_8);
  }

  private void assertNothingLeft() {
    assertThat(netns.list()).noneMatch(ns -> ns.startsWith(name + "-"));
    assertThat(paths.stateDir(name)).doesNotExist();
    assertThat(paths.dataDir(name)).doesNotExist();
    assertThat(LabDaemonsIT.processesNaming(paths.stateDir(name))).isEmpty();
    assertThat(LabDaemonsIT.processesNaming(paths.dataDir(name))).isEmpty();
  }
}
