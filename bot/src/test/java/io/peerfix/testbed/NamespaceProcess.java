package io.peerfix.testbed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A long-lived Java program running inside a network namespace ({@code ip netns exec NS java ...}),
 * talked to line by line over its standard input and output.
 *
 * <p>Starting a JVM per connection would be far too slow for thousands of probes, so the testbed
 * starts one per namespace and keeps it for the whole run. {@link #close()} ends it and anything it
 * started, whatever state it is in.
 */
final class NamespaceProcess implements AutoCloseable {
  private static final String EOF = "\u0000EOF";

  private final String description;
  private final Process process;
  private final OutputStream stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private NamespaceProcess(String description, Process process) {
    this.description = description;
    this.process = process;
    this.stdin = process.getOutputStream();
    Thread reader = new Thread(this::pump, "ns-process-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code mainClass} from the test classes inside {@code namespace} and waits until it
   * prints {@code READY}.
   */
  static NamespaceProcess startJava(
      String namespace, Class<?> mainClass, List<String> args, Duration readyTimeout) {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    argv.add(javaExecutable());
    // Small, quick-starting JVMs: they only move a few lines and sockets.
    argv.addAll(
        List.of(
            "-Xmx48m",
            "-Xss512k",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Djava.net.preferIPv4Stack=true",
            "-cp",
            classpathOf(mainClass),
            mainClass.getName()));
    argv.addAll(args);
    Process process;
    try {
      process = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + argv, e);
    }
    NamespaceProcess started =
        new NamespaceProcess(mainClass.getSimpleName() + " in " + namespace, process);
    String first = started.readLine(readyTimeout);
    if (!"READY".equals(first)) {
      started.close();
      throw new IllegalStateException(started.description + " did not start: " + first);
    }
    return started;
  }

  /** Sends one line of work. */
  void send(String line) {
    try {
      stdin.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(description + " stopped taking work", e);
    }
  }

  /** The next line the program printed, or {@code null} after {@code timeout} or at its end. */
  String readLine(Duration timeout) {
    try {
      String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (line == null || EOF.equals(line)) {
        if (EOF.equals(line)) {
          lines.add(EOF);
        }
        return null;
      }
      return line;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Override
  public void close() {
    try {
      stdin.close();
    } catch (IOException e) {
      // already gone: nothing more to tell it
    }
    try {
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void pump() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      // the process ended; readers see EOF below
    }
    lines.add(EOF);
  }

  private static String javaExecutable() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** Where the test classes live; the helper programs need nothing but the JDK and themselves. */
  private static String classpathOf(Class<?> type) {
    try {
      return java.nio.file.Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
