package io.peerfix.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminationLogTest {
  @TempDir Path dir;

  @Test
  void theDefaultPathIsNotCreatedWhenItDoesNotExist() {
    Path path = dir.resolve("termination-log");
    TerminationLog.write(path, false, "{}");
    assertThat(path).doesNotExist();
  }

  @Test
  void theDefaultPathIsWrittenWhenTheKubeletCreatedIt() throws IOException {
    Path path = Files.createFile(dir.resolve("termination-log"));
    TerminationLog.write(path, false, "{\"reachable\":true}");
    assertThat(path).hasContent("{\"reachable\":true}");
  }

  @Test
  void anExplicitPathIsWrittenWhenItsDirectoryExists() {
    Path path = dir.resolve("result.json");
    assertThat(TerminationLog.write(path, true, "{}")).isNull();
    assertThat(path).hasContent("{}");
  }

  @Test
  void anExplicitPathInAMissingDirectoryIsSkippedQuietly() {
    Path path = dir.resolve("missing/result.json");
    assertThat(TerminationLog.write(path, true, "{}")).isNull();
    assertThat(path).doesNotExist();
  }

  @Test
  void aFailedWriteIsReportedNotThrown() throws IOException {
    Path directory = Files.createDirectory(dir.resolve("a-directory"));
    assertThat(TerminationLog.write(directory, true, "{}"))
        .startsWith("could not write the termination message to");
  }
}
