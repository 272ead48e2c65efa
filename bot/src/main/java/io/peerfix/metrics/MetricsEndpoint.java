package io.peerfix.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A small HTTP endpoint for processes without a web server (the agent): {@code /metrics}, {@code
 * /livez} and {@code /readyz} on one address (loopback by default), answered by the JDK's own HTTP
 * server on one daemon thread.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HttpServer server;

  private MetricsEndpoint(HttpServer server) {
    this.server = server;
  }

  /** Listens on {@code host:port} (port 0: a free one). */
  public static MetricsEndpoint start(String host, int port, PeerfixMetrics metrics)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
    server.createContext(
        "/metrics",
        exchange -> answer(exchange, 200, MetricsServlet.CONTENT_TYPE, metrics.scrape()));
    server.createContext(
        "/livez", exchange -> answer(exchange, 200, "text/plain;charset=utf-8", "ok\n"));
    server.createContext(
        "/readyz", exchange -> answer(exchange, 200, "text/plain;charset=utf-8", "ready\n"));
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "peerfix-metrics-http");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return new MetricsEndpoint(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())
          || !exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
