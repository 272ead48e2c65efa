package io.peerfix.slack;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * Slack's Socket Mode end on loopback: greets each connection with Slack's {@code hello}, delivers
 * the envelopes a test hands it and records what the bot sends back (its acks).
 */
final class FakeSocketMode extends WebSocketServer implements AutoCloseable {
  final List<String> received = new CopyOnWriteArrayList<>();
  final List<WebSocket> connections = new CopyOnWriteArrayList<>();
  private final CountDownLatch started = new CountDownLatch(1);

  FakeSocketMode() {
    super(new InetSocketAddress("127.0.0.1", 0));
    setReuseAddr(true);
  }

  static FakeSocketMode startOnLoopback() throws InterruptedException {
    FakeSocketMode server = new FakeSocketMode();
    server.start();
    if (!server.started.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the fake Socket Mode server did not start");
    }
    return server;
  }

  String url() {
    return "ws://127.0.0.1:" + getPort() + "/link/?ticket=fake-ticket";
  }

  /** Delivers one envelope on every open connection. */
  void deliver(String envelope) {
    connections.stream().filter(WebSocket::isOpen).forEach(c -> c.send(envelope));
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    connections.add(conn);
    conn.send(SlackKit.fixture("socket-hello.json"));
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    connections.remove(conn);
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    received.add(message);
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {
    // A client that goes away mid-test is not the test's concern.
  }

  @Override
  public void onStart() {
    started.countDown();
  }

  @Override
  public void close() throws InterruptedException {
    stop(1000);
  }
}
