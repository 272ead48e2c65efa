package io.peerfix.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.lab.LabState.LabProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemberDaemonsTest {
  @TempDir Path dir;

  private Path file(String name, Instant modified) throws IOException {
    Path p = Files.writeString(dir.resolve(name), name);
    Files.setLastModifiedTime(p, FileTime.from(modified));
    return p;
  }

  @Test
  void theDaemonsArchiveIsTheServeArchiveNextToTheJarWhenNewerThanIt() throws IOException {
    Instant built = Instant.parse("2026-11-24T10:00:00Z");
    Path jar = file("peerfix.jar", built);
    Path archive = file("peerfix-serve.jsa", built.plusSeconds(2));

    assertThat(MemberDaemons.archiveFor(jar.toString())).contains(archive);
  }

  @Test
  void aStaleMissingOrInapplicableArchiveIsNotUsed() throws IOException {
    Instant built = Instant.parse("2026-11-24T10:00:00Z");
    Path jar = file("peerfix.jar", built);

    assertThat(MemberDaemons.archiveFor(jar.toString())).isEmpty();
    file("peerfix-serve.jsa", built.minusSeconds(60));
    assertThat(MemberDaemons.archiveFor(jar.toString())).isEmpty();
    // A class path of directories and jars (tests, IDEs): the archive would not match it.
    assertThat(MemberDaemons.archiveFor(dir + "/classes:" + jar)).isEmpty();
    assertThat(MemberDaemons.archiveFor(null)).isEmpty();
  }

  @Test
  void theCdsScriptTrainsTheDaemonsArchiveWithTheDaemonsOwnJvmFlags() throws IOException {
    String script = Files.readString(Path.of("..", "bin", "peerfix-cds"));
    String serveRun = script.substring(script.indexOf("serve_archive="));

    assertThat(serveRun).contains("io.peerfix.agent.ServeMain --train");
    for (String flag : MemberDaemons.JVM_FLAGS) {
      assertThat(serveRun).as("bin/peerfix-cds trains with %s", flag).contains(flag);
    }
  }

  @Test
  void aDaemonIsReadyOnceItsSocketExistsAndADeadOneIsReportedWithItsLog() throws IOException {
    LabPaths paths = new LabPaths(dir.resolve("run"), dir.resolve("etc"), dir.resolve("cache"));
    Files.createDirectories(paths.stateDir("t1"));
    Files.writeString(paths.memberSocket("t1", "node1"), "");
    Files.writeString(paths.stateDir("t1").resolve("pod1-serve.log"), "Error: out of memory\n");
    long self = ProcessHandle.current().pid();
    long dead = Long.MAX_VALUE;

    List<String> problems =
        MemberDaemons.awaitReady(
            List.of(
                new LabProcess("node1", MemberDaemons.PROGRAM, self),
                new LabProcess("pod1", MemberDaemons.PROGRAM, dead)),
            "t1",
            paths,
            Duration.ofSeconds(5));

    assertThat(problems).singleElement().asString().contains("pod1").contains("out of memory");
  }

  @Test
  void aDaemonThatStaysSilentIsReportedWhenTheLimitPasses() throws IOException {
    LabPaths paths = new LabPaths(dir.resolve("run"), dir.resolve("etc"), dir.resolve("cache"));
    Files.createDirectories(paths.stateDir("t2"));
    long self = ProcessHandle.current().pid();

    List<String> problems =
        MemberDaemons.awaitReady(
            List.of(new LabProcess("node2", MemberDaemons.PROGRAM, self)),
            "t2",
            paths,
            Duration.ofMillis(100));

    assertThat(problems).singleElement().asString().contains("node2").contains("not ready");
  }
}
