package io.peerfix.lab;

import io.peerfix.common.UserInputException;
import io.peerfix.exec.CommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The target's real PostgreSQL server, run as the {@code postgres} user inside the target namespace
 * and listening only on the target's address. initdb is slow, so it runs once into a cached
 * template that each lab copies; connections from anywhere are trusted (it is a lab) and logged.
 */
final class PostgresServer {
  private static final Path INSTALL_ROOT = Path.of("/usr/lib/postgresql");
  private static final Duration INITDB_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration COPY_TIMEOUT = Duration.ofSeconds(30);
  private static final String PG_HBA = "local all all trust\nhost all all 0.0.0.0/0 trust\n";

  private final CommandRunner runner;
  private final Path cacheDir;

  PostgresServer(CommandRunner runner, Path cacheDir) {
    this.runner = runner;
    this.cacheDir = cacheDir;
  }

  /** The newest installed server's bin directory, or a clear error saying what to install. */
  static Path binDir() {
    try (Stream<Path> versions = Files.list(INSTALL_ROOT)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(bin -> Files.isExecutable(bin.resolve("postgres")))
          .max(Comparator.comparing(bin -> versionOf(bin)))
          .orElseThrow(PostgresServer::missing);
    } catch (IOException e) {
      throw missing();
    }
  }

  /** Copies the cached template (made first if needed) to {@code dataDir}. */
  void prepareDataDir(Path dataDir) {
    Path template = template(binDir());
    runner
        .run(List.of("cp", "-a", template.toString(), dataDir.toString()), COPY_TIMEOUT)
        .orThrow();
  }

  /**
   * Starts the server on {@code dataDir} (see {@link #prepareDataDir}) in {@code namespace};
   * returns its pid without waiting for it to accept connections.
   */
  long start(String namespace, Path dataDir, String ip, int port, Path log) {
    Path bin = binDir();
    List<String> argv =
        List.of(
            "ip",
            "netns",
            "exec",
            namespace,
            "setpriv",
            "--reuid=postgres",
            "--regid=postgres",
            "--init-groups",
            "--",
            bin.resolve("postgres").toString(),
            "-D",
            dataDir.toString(),
            "-p",
            Integer.toString(port),
            "-c",
            "listen_addresses=" + ip,
            "-c",
            "unix_socket_directories=" + dataDir,
            "-c",
            "log_connections=on",
            "-c",
            "fsync=off",
            "-c",
            "full_page_writes=off",
            "-c",
            "shared_buffers=8MB",
            "-c",
            "max_connections=20");
    return Daemons.start(argv, log);
  }

  /** Waits until the server says, in postmaster.pid, that it accepts connections. */
  static void awaitReady(long pid, Path dataDir, Path log) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    Daemons.awaitReady("PostgreSQL", pid, log, () -> ready(pidFile), Duration.ofSeconds(20));
  }

  private static boolean ready(Path pidFile) {
    try {
      List<String> lines = Files.readAllLines(pidFile);
      return lines.size() >= 8 && lines.get(7).strip().equals("ready");
    } catch (IOException e) {
      return false;
    }
  }

  /** The initialised template for this server version, made once (atomically) and reused. */
  private Path template(Path bin) {
    Path template = cacheDir.resolve("postgres-" + versionOf(bin) + "-template");
    if (Files.isDirectory(template)) {
      return template;
    }
    Path scratch = cacheDir.resolve("postgres-template-" + UUID.randomUUID());
    try {
      Files.createDirectories(cacheDir);
      Files.createDirectories(scratch);
      runner.run(List.of("chown", "postgres:postgres", scratch.toString()), COPY_TIMEOUT).orThrow();
      runner
          .run(
              List.of(
                  "setpriv",
                  "--reuid=postgres",
                  "--regid=postgres",
                  "--init-groups",
                  "--",
                  bin.resolve("initdb").toString(),
                  "-D",
                  scratch.toString(),
                  "-U",
                  "postgres",
                  "--auth=trust",
                  "--no-sync",
                  "--no-instructions",
                  "--encoding=UTF8",
                  "--no-locale",
                  "--wal-segsize=1"),
              INITDB_TIMEOUT)
          .orThrow();
      Files.writeString(scratch.resolve("pg_hba.conf"), PG_HBA);
      Files.move(scratch, template);
    } catch (IOException e) {
      if (Files.isDirectory(template)) {
        // Another lab made the template at the same time; use theirs.
        runner.run(List.of("rm", "-rf", scratch.toString()), COPY_TIMEOUT);
        return template;
      }
      throw new UncheckedIOException("cannot make the PostgreSQL template " + template, e);
    }
    return template;
  }

  private static String versionOf(Path bin) {
    return bin.getParent().getFileName().toString();
  }

  private static UserInputException missing() {
    return new UserInputException(
        "PostgreSQL server binaries not found under "
            + INSTALL_ROOT
            + "/*/bin; the lab's target runs a real server: apt-get install postgresql");
  }
}
