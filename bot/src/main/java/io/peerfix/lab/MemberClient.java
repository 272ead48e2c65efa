package io.peerfix.lab;

import io.peerfix.common.Problems;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Asks a lab member's long-running daemon ({@code peerfix agent serve}, started by {@code lab up})
 * over its UNIX socket: one request line, one answer line. A daemon that is still starting (pid
 * alive, socket not there yet) is waited for briefly; a missing, dead or silent one is an answer
 * with a problem, so that the caller can fall back to a JVM per call.
 */
final class MemberClient {
  private static final Duration START_WAIT = Duration.ofSeconds(5);
  private static final ScheduledExecutorService CLOSER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "peerfix-member-client");
            t.setDaemon(true);
            return t;
          });

  private final LabPaths paths;
  private final String lab;
  private final Map<String, Long> daemonPids;

  MemberClient(LabPaths paths, String lab, Map<String, Long> daemonPids) {
    this.paths = paths;
    this.lab = lab;
    this.daemonPids = Map.copyOf(daemonPids);
  }

  /** The answer line, or the problem that kept the daemon from answering. */
  record Answer(String line, String problem) {
    boolean ok() {
      return line != null;
    }
  }

  Answer ask(String member, String request, Duration timeout) {
    Path socket = paths.memberSocket(lab, member);
    if (!awaitSocket(member, socket)) {
      return new Answer(null, "no daemon socket " + socket);
    }
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      // A blocking unix channel has no read timeout: closing it from another thread ends the read.
      ScheduledFuture<?> closer =
          CLOSER.schedule(() -> closeQuietly(channel), timeout.toMillis(), TimeUnit.MILLISECONDS);
      try {
        channel.connect(UnixDomainSocketAddress.of(socket));
        channel.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
        String line =
            new BufferedReader(
                    new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8))
                .readLine();
        return line == null
            ? new Answer(null, "daemon on " + socket + " closed without answering")
            : new Answer(line, null);
      } finally {
        closer.cancel(false);
      }
    } catch (IOException e) {
      return new Answer(null, "daemon on " + socket + " did not answer: " + Problems.describe(e));
    }
  }

  /** True once the socket exists; waits a little while its daemon (alive) is still starting. */
  private boolean awaitSocket(String member, Path socket) {
    Long pid = daemonPids.get(member);
    long deadline = System.nanoTime() + START_WAIT.toNanos();
    while (!Files.exists(socket)) {
      if (pid == null || !Daemons.alive(pid) || System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Already closed.
    }
  }
}
