package io.peerfix.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.peerfix.diagnosis.Confidence;
import io.peerfix.diagnosis.Diagnosis;
import io.peerfix.diagnosis.DiagnosisTarget;
import io.peerfix.diagnosis.RootCause;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.orchestration.DiagnosisListener;
import io.peerfix.orchestration.DiagnosisRun;
import io.peerfix.slack.DiagnosisService;
import io.peerfix.slack.command.LabelSelector;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * What {@link SlackAckBenchmark} puts around the bot so that only the bot is measured: a Slack Web
 * API on loopback that answers at once and records when each channel's first message and final
 * result arrive, and a diagnosis that takes a fixed probe time and always finds the seed incident.
 */
final class SlackStandIns {
  private SlackStandIns() {}

  /**
   * The diagnosis stand-in: target {@code rds-prod}, {@code probeMillis} of sleep, then {@code
   * POD_SOURCE_NOT_MASQUERADED}.
   */
  static DiagnosisService diagnoses(long probeMillis) {
    DiagnosisTarget target =
        new DiagnosisTarget("rds-prod", "10.0.5.20", 5432, ProbeProtocol.POSTGRES);
    return new DiagnosisService() {
      @Override
      public List<String> targets() {
        return List.of("rds-prod");
      }

      @Override
      public DiagnosisRun diagnose(
          String name, Optional<LabelSelector> nodes, DiagnosisListener listener) {
        try {
          Thread.sleep(probeMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        Diagnosis d =
            new Diagnosis(
                "bench-1",
                target,
                RootCause.POD_SOURCE_NOT_MASQUERADED,
                Confidence.HIGH,
                List.of(io.peerfix.diagnosis.Evidence.fact("stand-in evidence")),
                List.of(),
                List.of());
        return new DiagnosisRun(
            d,
            null,
            java.time.Instant.now(),
            Duration.ofMillis(probeMillis),
            Duration.ofMillis(probeMillis));
      }
    };
  }

  /**
   * The Web API stand-in (not started): a channel's first unthreaded {@code chat.postMessage} goes
   * into {@code firstMessage}, its {@code chat.update} with the final blocks into {@code
   * finalResult}, each at {@link System#nanoTime()}.
   */
  static HttpServer webApi(Map<String, Long> firstMessage, Map<String, Long> finalResult)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext(
        "/api/",
        exchange -> {
          long now = System.nanoTime();
          String method = exchange.getRequestURI().getPath().substring("/api/".length());
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String channel = param(body, "channel");
          String blocks = param(body, "blocks");
          if (method.equals("chat.postMessage")
              && channel != null
              && param(body, "thread_ts") == null) {
            firstMessage.putIfAbsent(channel, now);
          }
          if (method.equals("chat.update")
              && channel != null
              && blocks != null
              && blocks.contains("POD_SOURCE_NOT_MASQUERADED")
              && channel.startsWith("C")) {
            finalResult.putIfAbsent(channel, now);
          }
          reply(
              exchange,
              method.equals("auth.test")
                  ? "{\"ok\":true,\"team_id\":\"T0001\",\"user_id\":\"U0BOT\",\"bot_id\":\"B0BOT\"}"
                  : "{\"ok\":true,\"channel\":\"" + channel + "\",\"ts\":\"1733045000.000100\"}");
        });
    return server;
  }

  private static String param(String body, String name) {
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static void reply(HttpExchange exchange, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
