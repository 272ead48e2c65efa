package io.peerfix.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bot's Socket Mode connection (Java-WebSocket back end): Bolt handles each envelope on its own
 * pool, and the connection counts as up from Slack's {@code hello} until the socket closes (the
 * client then reconnects by itself and the next {@code hello} makes it up again).
 */
final class SocketModeConnection implements AutoCloseable {
  /** Envelopes handled at once; each listener only acks, so this bounds the bursts, not work. */
  private static final int CONCURRENCY = 16;

  private final SocketModeApp socketMode;
  private final AtomicBoolean up = new AtomicBoolean();

  private SocketModeConnection(SocketModeApp socketMode) {
    this.socketMode = socketMode;
  }

  /** Connects and waits up to {@code wait} for Slack's hello. */
  static SocketModeConnection open(App app, String appToken, Duration wait) throws Exception {
    SocketModeApp socketMode =
        new SocketModeApp(appToken, app, SocketModeClient.Backend.JavaWebSocket, CONCURRENCY);
    SocketModeConnection connection = new SocketModeConnection(socketMode);
    CountDownLatch hello = new CountDownLatch(1);
    socketMode.startAsync();
    SocketModeClient client = socketMode.getClient();
    client.addWebSocketMessageListener(
        message -> {
          if (isHello(message)) {
            connection.up.set(true);
            hello.countDown();
          }
        });
    client.addWebSocketCloseListener((code, reason) -> connection.up.set(false));
    // The hello may have come before the listener was added: a ping answered means the same.
    if (!hello.await(wait.toMillis(), TimeUnit.MILLISECONDS) && client.verifyConnection()) {
      connection.up.set(true);
    }
    return connection;
  }

  boolean isUp() {
    return up.get();
  }

  private static boolean isHello(String message) {
    return message.contains("\"type\"") && message.matches("(?s).*\"type\"\\s*:\\s*\"hello\".*");
  }

  @Override
  public void close() throws Exception {
    up.set(false);
    socketMode.close();
  }
}
