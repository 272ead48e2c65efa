package io.peerfix.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs programs with {@link ProcessBuilder}: argv only, stdout and stderr captured, a deadline. */
public final class ProcessCommandRunner implements CommandRunner {

  @Override
  public CommandResult run(List<String> argv, String stdin, Duration timeout) {
    Process process;
    try {
      process = new ProcessBuilder(argv).start();
    } catch (IOException e) {
      return new CommandResult(argv, -1, "", "cannot start: " + e.getMessage(), false);
    }
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    feed(process.getOutputStream(), stdin);
    boolean finished;
    try {
      finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    }
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new CommandResult(argv, -1, out.getNow(""), err.getNow(""), true);
    }
    return new CommandResult(argv, process.exitValue(), out.join(), err.join(), false);
  }

  /**
   * Writes the program's input on a thread of its own, so the deadline runs from the start: a
   * program that never reads its input would otherwise block the write, once the pipe is full,
   * before the timeout even began. Killing the program at the deadline ends the write.
   */
  private static void feed(OutputStream stdin, String text) {
    Thread writer =
        new Thread(
            () -> {
              try (stdin) {
                stdin.write(text.getBytes(StandardCharsets.UTF_8));
              } catch (IOException e) {
                // The program may exit without reading its input; its exit code tells the rest.
              }
            },
            "peerfix-feed");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Reads a stream to its end on a thread of its own: a shared pool could run the two drains one
   * after the other and deadlock a program that fills its stderr pipe.
   */
  private static CompletableFuture<String> drain(InputStream stream) {
    CompletableFuture<String> result = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (stream) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                stream.transferTo(buffer);
                result.complete(buffer.toString(StandardCharsets.UTF_8));
              } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
              }
            },
            "peerfix-drain");
    reader.setDaemon(true);
    reader.start();
    return result;
  }
}
