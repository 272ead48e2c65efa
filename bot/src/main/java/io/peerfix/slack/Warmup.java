package io.peerfix.slack;

import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.App;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a freshly started bot answer as a warm one does, before it says it is ready: signed {@code
 * /peerfix help} and {@code /peerfix targets} commands through the app in this process (Bolt's
 * request verification, middleware, the command parser, the JSON of an ack), the same commands over
 * loopback HTTP through the bot's own Jetty when it serves HTTP (Jetty's request path, its thread
 * pool grown to a burst's size), and the Web API calls that follow a diagnose ({@link
 * WarmupWebApi}, against a stand-in on loopback: Slack is never called). Each path runs a few
 * hundred times so the JIT compiles it: one request loaded the classes, yet the first burst of 50
 * commands after a start still took 0.6-1 s, and the first messages' Web API calls, interpreted,
 * took the two cores from the acks (docs/benchmarks.md). Both commands are answered in the ack, so
 * nothing reaches Slack or starts a diagnosis.
 */
final class Warmup {
  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

  /** Commands through the app in this process: past the JIT's first compile thresholds. */
  static final int IN_PROCESS = 400;

  /** Commands over loopback HTTP, {@link #HTTP_CLIENTS} at a time. */
  static final int OVER_HTTP = 240;

  private static final int HTTP_CLIENTS = 12;
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

  /** What the warm-up ran: commands answered 200 in process and over HTTP, Web API calls. */
  record Done(int inProcess, int overHttp, int webApiCalls) {}

  private Warmup() {}

  /**
   * Runs the warm-up; {@code httpPort}, when given, is the bot's HTTP port on loopback. A failure
   * only makes the first requests slower: it is logged once and the bot starts anyway.
   */
  static Done prime(App app, SlackSettings settings, OptionalInt httpPort) {
    long started = System.nanoTime();
    int inProcess = 0;
    int overHttp = 0;
    int webApi = 0;
    try {
      inProcess = inProcess(app, settings);
      if (httpPort.isPresent()) {
        overHttp = overHttp(settings, httpPort.getAsInt());
      }
      webApi = WarmupWebApi.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("the warm-up stopped early: {}", e.toString());
    }
    LOG.info(
        "warm-up: {} commands in process, {} over HTTP, {} Web API calls in {} ms",
        inProcess,
        overHttp,
        webApi,
        (System.nanoTime() - started) / 1_000_000);
    return new Done(inProcess, overHttp, webApi);
  }

  private static int inProcess(App app, SlackSettings settings) throws Exception {
    int answered = 0;
    for (int i = 0; i < IN_PROCESS; i++) {
      String body = body(i);
      SlashCommandRequest request =
          new SlashCommandRequest(body, new RequestHeaders(headers(settings, body)));
      if (app.run(request).getStatusCode() == 200) {
        answered++;
      }
    }
    return answered;
  }

  private static int overHttp(SlackSettings settings, int port) throws InterruptedException {
    URI events = URI.create("http://127.0.0.1:" + port + WebServer.EVENTS_PATH);
    // The client's own work runs on its default executor: the senders block in send().
    ExecutorService clients = Executors.newFixedThreadPool(HTTP_CLIENTS, Warmup::daemon);
    HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    try {
      List<Future<Integer>> each = new ArrayList<>();
      for (int c = 0; c < HTTP_CLIENTS; c++) {
        int client = c;
        each.add(clients.submit(() -> send(http, events, settings, client)));
      }
      int answered = 0;
      for (Future<Integer> f : each) {
        try {
          answered += f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          LOG.warn("a warm-up request over HTTP failed: {}", e.getCause().toString());
        }
      }
      return answered;
    } finally {
      clients.shutdownNow();
    }
  }

  private static int send(HttpClient http, URI events, SlackSettings settings, int client)
      throws Exception {
    int answered = 0;
    for (int i = client; i < OVER_HTTP; i += HTTP_CLIENTS) {
      String body = body(i);
      HttpRequest.Builder request =
          HttpRequest.newBuilder(events)
              .timeout(HTTP_TIMEOUT)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      headers(settings, body).forEach((name, values) -> request.header(name, values.get(0)));
      if (http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
        answered++;
      }
    }
    return answered;
  }

  /** {@code help} and {@code targets} in turn, from a channel and user no one has. */
  private static String body(int i) {
    return "token=warmup&team_id=T0WARMUP&channel_id=C0WARMUP&user_id=U0WARMUP&command="
        + URLEncoder.encode(PeerfixListeners.COMMAND, StandardCharsets.UTF_8)
        + "&text="
        + (i % 2 == 0 ? "help" : "targets")
        + "&trigger_id=warmup";
  }

  /** Signed as Slack signs, when the bot verifies requests (over HTTP). */
  private static Map<String, List<String>> headers(SlackSettings settings, String body) {
    if (settings.signingSecret().isEmpty()) {
      return Map.of();
    }
    String ts = String.valueOf(System.currentTimeMillis() / 1000);
    return Map.of(
        SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP,
        List.of(ts),
        SlackSignature.HeaderNames.X_SLACK_SIGNATURE,
        List.of(new SlackSignature.Generator(settings.signingSecret().get()).generate(ts, body)));
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "peerfix-warmup");
    t.setDaemon(true);
    return t;
  }
}
