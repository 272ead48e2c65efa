package io.peerfix.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * Serves one-line requests on a UNIX domain socket: each connection carries one request line and
 * gets one answer line from {@code handler}, on a small thread pool so that requests run
 * concurrently. The socket lives in the file system, so a process in another network namespace can
 * ask while everything the handler sends leaves from this process's namespace.
 */
public final class MemberServer implements AutoCloseable {
  private static final int BACKLOG = 64;
  private static final int MAX_LINE = 64 * 1024;

  private final Path socket;
  private final ServerSocketChannel server;
  private final ExecutorService pool;
  private final UnaryOperator<String> handler;

  private MemberServer(
      Path socket, ServerSocketChannel server, int threads, UnaryOperator<String> handler) {
    this.socket = socket;
    this.server = server;
    this.handler = handler;
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "peerfix-serve");
              t.setDaemon(true);
              return t;
            });
  }

  /** Binds {@code socket} (replacing a stale file left by a dead daemon). */
  public static MemberServer bind(Path socket, int threads, UnaryOperator<String> handler) {
    try {
      Files.deleteIfExists(socket);
      ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket), BACKLOG);
      return new MemberServer(socket, server, threads, handler);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + socket, e);
    }
  }

  public Path socket() {
    return socket;
  }

  /** Accepts connections until {@link #close()}. */
  public void serve() {
    while (server.isOpen()) {
      try {
        SocketChannel client = server.accept();
        pool.execute(() -> answer(client));
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        // One failed accept (a client that went away) does not stop the daemon.
      }
    }
  }

  private void answer(SocketChannel client) {
    try (client) {
      String line = readLine(client);
      String reply = line == null ? null : handler.apply(line);
      if (reply != null) {
        client.write(ByteBuffer.wrap((reply + "\n").getBytes(StandardCharsets.UTF_8)));
      }
    } catch (IOException | RuntimeException e) {
      // The client went away or the handler failed outside its own error answers: nothing to say.
    }
  }

  private static String readLine(SocketChannel client) throws IOException {
    BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
    String line = reader.readLine();
    return line == null || line.length() > MAX_LINE ? null : line;
  }

  @Override
  public void close() {
    // The file goes first: closing the channel ends serve(), and a caller that exits right after
    // it (the daemon's main) must not leave the socket behind.
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      // Left behind: the next bind replaces it.
    }
    try {
      server.close();
    } catch (IOException e) {
      // Closing a listening socket does not fail in a way worth reporting.
    }
    pool.shutdownNow();
  }
}
