package io.peerfix.bench;

import com.sun.net.httpserver.HttpServer;
import io.peerfix.slack.PeerfixListeners;
import io.peerfix.slack.ServeOptions;
import io.peerfix.slack.SlackBot;
import io.peerfix.slack.SlackSettings;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Ack latency of {@code /peerfix diagnose} over HTTP: the bot (in this process, on Jetty, with
 * Bolt's request verification) takes N concurrent signed slash commands; a Web API stand-in on
 * loopback records when each command's first message and final result arrive. The diagnosis itself
 * is a stand-in that takes a fixed probe time, so the figures are the bot's own overhead (both
 * stand-ins: {@link SlackStandIns}; the bursts: {@link SignedBursts}). Prints the ack,
 * first-message and final-result percentiles in milliseconds.
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
  private static final int IN_ACK_ROUNDS = 5;

  private SlackAckBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    long probeMillis = args.length > 1 ? Long.parseLong(args[1]) : 2000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Map<String, Long> firstMessage = new ConcurrentHashMap<>();
    Map<String, Long> finalResult = new ConcurrentHashMap<>();
    HttpServer api = SlackStandIns.webApi(firstMessage, finalResult);
    api.start();
    String apiUrl = "http://127.0.0.1:" + api.getAddress().getPort() + "/api/";
    HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(n)).build();
    // The client's own first use (its classes, n connections) against the stand-in, not the bot:
    // Slack's servers are warm, so the cold figure below is the bot's alone.
    SignedBursts.warmClient(http, apiUrl, n);
    SlackSettings settings =
        SlackSettings.fromEnvironment(
            Map.of(
                SlackSettings.BOT_TOKEN, "xoxb-1-2-benchmark",
                SlackSettings.SIGNING_SECRET, SECRET,
                SlackSettings.API_URL, apiUrl),
            false);
    PeerfixListeners listeners =
        new PeerfixListeners(SlackStandIns.diagnoses(probeMillis), Optional.empty());
    long starting = System.nanoTime();
    SlackBot bot =
        SlackBot.start(settings, new ServeOptions("127.0.0.1", OptionalInt.of(0), 0), listeners);
    long startMillis = (System.nanoTime() - starting) / 1_000_000;
    SignedBursts bursts = new SignedBursts(http, bot.port(), n, SECRET);
    try {
      // Cold: the first burst after the bot said it is ready (a fresh replica).
      List<Long> cold = bursts.commands("H", "help");
      // Bursts through the same path as a diagnose up to its ack (parsing, the target check,
      // signing), answered in the ack so no diagnosis queues.
      List<Long> answered = new ArrayList<>();
      for (int i = 0; i < IN_ACK_ROUNDS; i++) {
        answered.addAll(bursts.commands("W" + i, "diagnose rds-prd"));
      }
      List<Long> health = bursts.health();
      ExecutorService clients = Executors.newFixedThreadPool(n);
      List<Long> acks = new ArrayList<>();
      List<Long> toFirst = new ArrayList<>();
      List<Long> toFinal = new ArrayList<>();
      List<String> perRound = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        Map<String, Long> sent = new ConcurrentHashMap<>();
        List<Long> roundAcks = bursts.commands("C" + r + "-", sent, clients, "diagnose rds-prod");
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
