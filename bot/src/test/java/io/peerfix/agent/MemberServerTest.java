package io.peerfix.agent;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemberServerTest {
  @TempDir Path dir;
  private MemberServer server;

  private Path start(UnaryOperator<String> handler) {
    server = MemberServer.bind(dir.resolve("m.sock"), 4, handler);
    Thread t = new Thread(server::serve);
    t.setDaemon(true);
    t.start();
    return server.socket();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String ask(Path socket, String line) throws IOException {
    try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      c.connect(UnixDomainSocketAddress.of(socket));
      c.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
      return new BufferedReader(
              new InputStreamReader(Channels.newInputStream(c), StandardCharsets.UTF_8))
          .readLine();
    }
  }

  @Test
  void eachConnectionGetsTheHandlersAnswerToItsLine() throws IOException {
    Path socket = start(line -> "echo:" + line);

    assertThat(ask(socket, "{\"a\":1}")).isEqualTo("echo:{\"a\":1}");
    assertThat(ask(socket, "second")).isEqualTo("echo:second");
  }

  @Test
  void requestsAreAnsweredConcurrently() throws Exception {
    CountDownLatch bothArrived = new CountDownLatch(2);
    Path socket =
        start(
            line -> {
              bothArrived.countDown();
              try {
                // Only answers once the other request is being handled too.
                return bothArrived.await(5, TimeUnit.SECONDS) ? "together" : "alone";
              } catch (InterruptedException e) {
                return "interrupted";
              }
            });

    CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> askUnchecked(socket, "a"));
    CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> askUnchecked(socket, "b"));

    assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo("together");
    assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo("together");
  }

  @Test
  void aStaleSocketFileIsReplaced() throws IOException {
    Files.writeString(dir.resolve("m.sock"), "left by a dead daemon");

    Path socket = start(line -> "fresh");

    assertThat(ask(socket, "x")).isEqualTo("fresh");
  }

  @Test
  void closingRemovesTheSocketFile() {
    Path socket = start(line -> "x");

    server.close();

    assertThat(socket).doesNotExist();
  }

  private static String askUnchecked(Path socket, String line) {
    try {
      return ask(socket, line);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
