package io.peerfix.bench;

import com.slack.api.app_backend.SlackSignature;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The load side of {@link SlackAckBenchmark}: bursts of N concurrent requests to the bot on
 * loopback, all released by one signal, each timed in milliseconds from its send to its answer.
 * Slash commands are signed with the signing secret exactly as Slack signs them, one channel each
 * (prefix and number), so the Web API stand-in can tell the commands apart.
 */
final class SignedBursts {
  private final HttpClient http;
  private final int port;
  private final int n;
  private final String secret;

  SignedBursts(HttpClient http, int port, int n, String secret) {
    this.http = http;
    this.port = port;
    this.n = n;
    this.secret = secret;
  }

  /**
   * n concurrent calls to the stand-in at {@code apiUrl}, twice: the client's classes, its pool.
   */
  static void warmClient(HttpClient http, String apiUrl, int n) throws Exception {
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

  /** A burst of slash commands {@code /peerfix TEXT} on a pool of its own. */
  List<Long> commands(String prefix, String text) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      return commands(prefix, new ConcurrentHashMap<>(), pool, text);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A burst of slash commands {@code /peerfix TEXT}, channel {@code prefix} + number; each one's
   * send instant ({@link System#nanoTime()}) goes into {@code sent} by channel. An ack other than
   * HTTP 200 fails the burst.
   */
  List<Long> commands(String prefix, Map<String, Long> sent, ExecutorService pool, String text)
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
                            new SlackSignature.Generator(secret).generate(ts, body))
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
    return all(futures);
  }

  /** The same burst against the health endpoint: Jetty and the client alone, side by side. */
  List<Long> health() throws Exception {
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
      return all(futures);
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Long> all(List<Future<Long>> futures) throws Exception {
    List<Long> times = new ArrayList<>();
    for (Future<Long> f : futures) {
      times.add(f.get());
    }
    return times;
  }

  /** A slash command's form body as Slack posts it. */
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
}
