package io.peerfix.bench;

import com.slack.api.app_backend.SlackSignature;
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
import io.peerfix.slack.PeerfixListeners;
import io.peerfix.slack.ServeOptions;
import io.peerfix.slack.SlackBot;
import io.peerfix.slack.SlackSettings;
import io.peerfix.slack.command.LabelSelector;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Ack latency of {@code /peerfix diagnose} over HTTP: the bot (in this process, on Jetty, with
 * Bolt's request verification) takes N concurrent signed slash commands; a Web API stand-in on
 * loopback records when each command's first message and final result arrive. The diagnosis itself
 * is a stand-in that takes a fixed probe time, so the figures are the bot's own overhead. Prints
 * the ack, first-message and final-result percentiles in milliseconds.
 *
 * <p>Each of ROUNDS bursts of N diagnoses waits for all N final results before the next, so the
 * figures over all rounds are of bursts that meet an idle bot (warm from the earlier ones).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.peerfix.bench.SlackAckBenchmark [N] [PROBE_MS] [ROUNDS]
 * </pre>
 */
public final class SlackAckBenchmark {
  private static final String SECRET = "8f742231b10e8888abcd99b1c2d3e4f5";

  private SlackAckBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    long probeMillis = args.length > 1 ? Long.parseLong(args[1]) : 2000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Map<String, Long> firstMessage = new ConcurrentHashMap<>();
    Map<String, Long> finalResult = new ConcurrentHashMap<>();
    HttpServer api = webApi(firstMessage, finalResult);
    api.start();
    String apiUrl = "http://127.0.0.1:" + api.getAddress().getPort() + "/api/";
    HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(n)).build();
    // The client's own first use (its classes, n connections) against the stand-in, not the bot:
    // Slack's servers are warm, so the cold figure below is the bot's alone.
    warmClient(http, apiUrl, n);
    SlackSettings settings =
        SlackSettings.fromEnvironment(
            Map.of(
                SlackSettings.BOT_TOKEN, "xoxb-1-2-benchmark",
                SlackSettings.SIGNING_SECRET, SECRET,
                SlackSettings.API_URL, apiUrl),
            false);
    PeerfixListeners listeners = new PeerfixListeners(diagnoses(probeMillis), Optional.empty());
    long starting = System.nanoTime();
    SlackBot bot =
        SlackBot.start(settings, new ServeOptions("127.0.0.1", OptionalInt.of(0), 0), listeners);
    long startMillis = (System.nanoTime() - starting) / 1_000_000;
    try {
      // Cold: the first burst after the bot said it is ready (a fresh replica).
      List<Long> cold = round(http, bot.port(), n, "H", Map.of(), "help");
      // Bursts through the same path as a diagnose up to its ack (parsing, the target check,
      // signing), answered in the ack so no diagnosis queues.
      List<Long> answered = new ArrayList<>();
      for (int i = 0; i < IN_ACK_ROUNDS; i++) {
        answered.addAll(round(http, bot.port(), n, "W" + i, Map.of(), "diagnose rds-prd"));
      }
      List<Long> health = health(http, bot.port(), n);
      ExecutorService clients = Executors.newFixedThreadPool(n);
      List<Long> acks = new ArrayList<>();
      List<Long> toFirst = new ArrayList<>();
      List<Long> toFinal = new ArrayList<>();
      List<String> perRound = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        Map<String, Long> sent = new ConcurrentHashMap<>();
        List<Long> roundAcks =
            round(http, bot.port(), n, "C" + r + "-", sent, clients, "diagnose rds-prod");
        long deadline = System.nanoTime() + (probeMillis + 60_000) * 1_000_000;
        while (!finalResult.keySet().containsAll(sent.keySet()) && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        List<Long> roundFirst = since(sent, firstMessage);
        List<Long> roundFinal = since(sent, finalResult);
        if (roundFinal.size() < n) {
          System.out.printf(
              "round %d: %d of %d final results arrived%n", r + 1, roundFinal.size(), n);
        }
        acks.addAll(roundAcks);
        toFirst.addAll(roundFirst);
        toFinal.addAll(roundFinal);
        perRound.add(p(roundAcks, 50) + "/" + p(roundAcks, 99));
      }
      System.out.printf(
          "%d concurrent signed /peerfix diagnose, probe stand-in %d ms, %d rounds;"
              + " bot started (warm-up included) in %d ms%n",
          n, probeMillis, rounds, startMillis);
      print("ack, cold", cold);
      print("GET /livez", health);
      print("ack, in ack", answered);
      print("ack", acks);
      System.out.println("ack p50/p99 per round: " + String.join(", ", perRound));
      print("first message", toFirst);
      print("final result", toFinal);
      clients.shutdownNow();
    } finally {
      bot.close();
      listeners.close();
      api.stop(0);
      System.exit(0);
    }
  }

  /** Milliseconds from each command sent to its event in {@code at}, for those that have one. */
  private static List<Long> since(Map<String, Long> sent, Map<String, Long> at) {
    List<Long> out = new ArrayList<>();
    sent.forEach(
        (channel, t) -> {
          Long event = at.get(channel);
          if (event != null) {
            out.add((event - t) / 1_000_000);
          }
        });
    return out;
  }

  /** n concurrent calls to the stand-in, twice: the client's classes and connections. */
  private static void warmClient(HttpClient http, String apiUrl, int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      for (int twice = 0; twice < 2; twice++) {
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          calls.add(
              pool.submit(
                  () ->
                      http.send(
                              HttpRequest.newBuilder(URI.create(apiUrl + "auth.test"))
                                  .header("Content-Type", "application/x-www-form-urlencoded")
                                  .POST(HttpRequest.BodyPublishers.ofString(body("X", "help")))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString())
                          .statusCode()));
        }
        for (Future<Integer> call : calls) {
          call.get();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static final int IN_ACK_ROUNDS = 5;

  private static List<Long> round(
      HttpClient http, int port, int n, String prefix, Map<String, Long> sent, String text)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      return round(http, port, n, prefix, new ConcurrentHashMap<>(sent), pool, text);
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Long> round(
      HttpClient http,
      int port,
      int n,
      String prefix,
      Map<String, Long> sent,
      ExecutorService pool,
      String text)
      throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Long>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String channel = prefix + String.format("%08d", i);
      futures.add(
          pool.submit(
              () -> {
                String body = body(channel, text);
                String ts = String.valueOf(System.currentTimeMillis() / 1000);
                HttpRequest request =
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP, ts)
                        .header(
                            SlackSignature.HeaderNames.X_SLACK_SIGNATURE,
                            new SlackSignature.Generator(SECRET).generate(ts, body))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
                go.await();
                long start = System.nanoTime();
                sent.put(channel, start);
                HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString());
                long took = (System.nanoTime() - start) / 1_000_000;
                if (response.statusCode() != 200) {
                  throw new IllegalStateException("ack " + response.statusCode());
                }
                return took;
              }));
    }
    go.countDown();
    List<Long> times = new ArrayList<>();
    for (Future<Long> f : futures) {
      times.add(f.get());
    }
    return times;
  }

  /** The same burst against the health endpoint: Jetty and the client alone, side by side. */
  private static List<Long> health(HttpClient http, int port, int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Long>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(
            pool.submit(
                () -> {
                  HttpRequest request =
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/livez"))
                          .build();
                  go.await();
                  long start = System.nanoTime();
                  http.send(request, HttpResponse.BodyHandlers.ofString());
                  return (System.nanoTime() - start) / 1_000_000;
                }));
      }
      go.countDown();
      List<Long> times = new ArrayList<>();
      for (Future<Long> f : futures) {
        times.add(f.get());
      }
      return times;
    } finally {
      pool.shutdownNow();
    }
  }

  private static String body(String channel, String text) {
    return "token=x&team_id=T0001&team_domain=example&channel_id="
        + channel
        + "&channel_name=bench&user_id=U0BENCH01&user_name=bench&command="
        + URLEncoder.encode("/peerfix", StandardCharsets.UTF_8)
        + "&text="
        + URLEncoder.encode(text, StandardCharsets.UTF_8)
        + "&api_app_id=A0001&response_url="
        + URLEncoder.encode("https://hooks.slack.com/commands/T0001/1/2", StandardCharsets.UTF_8)
        + "&trigger_id=1.2.3";
  }

  private static DiagnosisService diagnoses(long probeMillis) {
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

  private static HttpServer webApi(Map<String, Long> firstMessage, Map<String, Long> finalResult)
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

  private static long p(List<Long> millis, int percent) {
    List<Long> sorted = new ArrayList<>(millis);
    sorted.sort(null);
    return sorted.isEmpty() ? -1 : sorted.get((int) Math.ceil(percent / 100.0 * sorted.size()) - 1);
  }

  private static void print(String what, List<Long> millis) {
    List<Long> sorted = new ArrayList<>(millis);
    sorted.sort(null);
    if (sorted.isEmpty()) {
      System.out.printf("%-14s no samples%n", what);
      return;
    }
    System.out.printf(
        "%-14s n=%d p50=%d ms p99=%d ms max=%d ms%n",
        what,
        sorted.size(),
        sorted.get((int) Math.ceil(0.50 * sorted.size()) - 1),
        sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1),
        sorted.get(sorted.size() - 1));
  }
}
