package io.peerfix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.lab.ScenarioCatalog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;

  @BeforeEach
  void capture() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  @Test
  void scenariosListsEveryBuiltInScenarioOnOneLineWithItsRootCause() {
    int code = Main.run("lab", "scenarios");

    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertThat(code).isZero();
    assertThat(lines).hasSize(ScenarioCatalog.NAMES.size());
    assertThat(lines[0]).startsWith("seed-incident").contains("POD_SOURCE_NOT_MASQUERADED");
  }

  @Test
  void anUnknownBuiltInScenarioIsBadInputNamingTheKnownOnes() {
    int code = Main.run("lab", "up", "--scenario", "nope");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("no built-in scenario 'nope'")
        .contains("seed-incident");
  }

  @Test
  void aBrokenScenarioFileIsBadInputNamingTheFileAndTheKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("mine.yaml");
    Files.writeString(
        file,
        ScenarioCatalog.text("healthy").replace("port: 5432, listening", "port: 0, listening"));

    int code = Main.run("lab", "up", "--scenario-file", file.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(file + ": peer.target.port: ports are 1..65535, got 0")
        .doesNotContain("Exception");
  }

  @Test
  void upNeedsExactlyOneScenarioSource() {
    int code = Main.run("lab", "up");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--scenario");
  }

  @Test
  void execWithoutACommandIsBadInput() {
    int code = Main.run("lab", "exec", "pod1");

    assertThat(code).isEqualTo(2);
  }
}
