package io.peerfix.lab;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Starts the lab's long-running programs so that they outlive {@code peerfix lab up}: in a session
 * of their own ({@code setsid}), stdin from /dev/null, output appended to a log file. {@code
 * setsid}, {@code ip netns exec} and {@code setpriv} all exec in place, so the returned pid is the
 * program's.
 */
final class Daemons {
  private static final Duration POLL = Duration.ofMillis(15);

  private Daemons() {}

  static long start(List<String> argv, Path log) {
    List<String> full = new ArrayList<>();
    full.add("setsid");
    full.addAll(argv);
    try {
      Process process =
          new ProcessBuilder(full)
              .redirectErrorStream(true)
              .redirectOutput(Redirect.appendTo(log.toFile()))
              .redirectInput(Redirect.from(new File("/dev/null")))
              .start();
      return process.pid();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", argv), e);
    }
  }

  /**
   * True when {@code pid} runs. A zombie does not count: the lab's daemons are reparented to PID 1,
   * which may be slow to reap them (or never do, in some containers).
   */
  static boolean alive(long pid) {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The state follows the parenthesised command name, which may itself contain ") ".
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException | IndexOutOfBoundsException e) {
      return false;
    }
  }

  /**
   * Waits until {@code ready} holds, failing with the program's log if it dies first or {@code
   * limit} passes.
   */
  static void awaitReady(String what, long pid, Path log, BooleanSupplier ready, Duration limit) {
    awaitReady(what, pid, log, ready, System.nanoTime() + limit.toNanos(), limit);
  }

  /**
   * As {@link #awaitReady(String, long, Path, BooleanSupplier, Duration)}, until {@code deadline}
   * ({@link System#nanoTime()}), shared by several programs started together that were given {@code
   * limit} in all.
   */
  static void awaitReady(
      String what, long pid, Path log, BooleanSupplier ready, long deadline, Duration limit) {
    while (!ready.getAsBoolean()) {
      if (!alive(pid)) {
        throw new IllegalStateException(what + " exited during start-up: " + tail(log));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            what + " not ready after " + limit.toMillis() + " ms: " + tail(log));
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
    }
  }

  /** The last lines of a log, for error messages. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }
}
