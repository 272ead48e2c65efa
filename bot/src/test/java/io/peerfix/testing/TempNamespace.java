package io.peerfix.testing;

import io.peerfix.exec.CommandResult;
import io.peerfix.exec.ProcessCommandRunner;
import io.peerfix.lab.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A network namespace that exists for one test: a unique name ("pf" + random), loopback up, no link
 * to the root namespace. Closing it stops the processes started in it, removes its /etc/netns/NAME
 * files (per-namespace resolv.conf) and deletes it.
 */
public final class TempNamespace implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String name = "pf" + UUID.randomUUID().toString().substring(0, 8);
  private final Netns netns = new Netns(new ProcessCommandRunner());
  private final List<Process> processes = new ArrayList<>();
  private boolean etcWritten;

  public TempNamespace() {
    netns.add(name);
  }

  public String name() {
    return name;
  }

  /** {@code ip -n NAME ARGS}, failing on error. */
  public TempNamespace ip(String... args) {
    netns.ipIn(name, args);
    return this;
  }

  /** A veth pair with both ends inside this namespace, both up. */
  public TempNamespace vethPair(String a, String b) {
    netns.veth(name, a, name, b);
    ip("link", "set", a, "up");
    ip("link", "set", b, "up");
    return this;
  }

  public CommandResult exec(List<String> argv, String stdin, Duration timeout) {
    return netns.exec(name, argv, stdin, timeout);
  }

  /** Runs {@code argv} inside and fails the test with its error if it fails. */
  public String execOk(String stdin, String... argv) {
    return exec(List.of(argv), stdin, TIMEOUT).orThrow().stdout();
  }

  /** Starts a long-running program inside; it is stopped on close. */
  public Process start(String... argv) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
    full.addAll(List.of(argv));
    try {
      Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
      processes.add(p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Gives this namespace its own resolv.conf: {@code ip netns exec} bind-mounts
   * /etc/netns/NAME/resolv.conf over /etc/resolv.conf, so lookups never reach the host's resolver.
   */
  public TempNamespace resolvConf(String content) {
    try {
      Path dir = Files.createDirectories(Path.of("/etc/netns", name));
      etcWritten = true;
      Files.writeString(dir.resolve("resolv.conf"), content, StandardCharsets.UTF_8);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.destroy();
      try {
        if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    netns.delete(name);
    if (etcWritten) {
      deleteTree(Path.of("/etc/netns", name));
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Already gone: nothing left to clean.
    }
  }
}
