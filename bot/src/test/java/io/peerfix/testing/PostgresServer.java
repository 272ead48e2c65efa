package io.peerfix.testing;

import static org.awaitility.Awaitility.await;

import io.peerfix.exec.ProcessCommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (the newest version installed under /usr/lib/postgresql, whichever CI
 * installed) on a free loopback port with a throw-away data directory, run as the {@code postgres}
 * user (the server refuses root). Closing it stops the server and removes the directory.
 */
public final class PostgresServer implements AutoCloseable {
  private static final String BIN = binDir();
  private static final Duration SLOW = Duration.ofSeconds(60);

  private final ProcessCommandRunner runner = new ProcessCommandRunner();
  private final Path dir;
  private final int port;
  private Process server;

  public PostgresServer() {
    try {
      dir = Files.createTempDirectory("pf-pg");
      port = freePort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    asPostgres(List.of("true"));
    runner.run(List.of("chown", "postgres:postgres", dir.toString()), SLOW).orThrow();
  }

  /** The newest installed server's bin directory, with a trailing slash. */
  static String binDir() {
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions
          .filter(v -> Files.isExecutable(v.resolve("bin/postgres")))
          .max(Comparator.comparingInt(PostgresServer::major))
          .map(v -> v.resolve("bin") + "/")
          .orElseThrow(() -> new IllegalStateException(missing()));
    } catch (IOException e) {
      throw new IllegalStateException(missing(), e);
    }
  }

  private static int major(Path versionDir) {
    try {
      return Integer.parseInt(versionDir.getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String missing() {
    return "no PostgreSQL server under /usr/lib/postgresql/*/bin: install postgresql (.ci/run does)";
  }

  /** Initialises the data directory and starts the server; returns once it accepts connections. */
  public PostgresServer start() {
    asPostgres(
        List.of(
            BIN + "initdb",
            "-D",
            dir.resolve("data").toString(),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync"));
    try {
      server =
          new ProcessBuilder(
                  "runuser",
                  "-u",
                  "postgres",
                  "--",
                  BIN + "postgres",
                  "-D",
                  dir.resolve("data").toString(),
                  "-p",
                  String.valueOf(port),
                  "-k",
                  dir.toString(),
                  "-c",
                  "listen_addresses=127.0.0.1",
                  "-c",
                  "ssl=off")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("server.log").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    await().atMost(Duration.ofSeconds(30)).until(this::accepts);
    return this;
  }

  public int port() {
    return port;
  }

  private boolean accepts() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void asPostgres(List<String> argv) {
    List<String> full = new java.util.ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    full.addAll(argv);
    runner.run(full, SLOW).orThrow();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    if (server != null) {
      runner.run(
          List.of(
              "runuser",
              "-u",
              "postgres",
              "--",
              BIN + "pg_ctl",
              "-D",
              dir.resolve("data").toString(),
              "stop",
              "-m",
              "fast",
              "-w"),
          SLOW);
      server.destroy();
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Already gone.
    }
  }
}
