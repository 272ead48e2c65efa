package io.peerfix.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bot over HTTP, through its front door: slash commands and interactions as Slack sends them
 * (form-encoded, signed with the signing secret) over real HTTP to Jetty, the Web API served by
 * WireMock.
 */
class SlackHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
  private static PrintStream originalErr;

  private SlackKit slack;
  private FakeDiagnoses diagnoses;
  private HttpBot bot;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void captureLog() {
    originalErr = System.err;
    System.setErr(new PrintStream(new Tee(LOG, originalErr), true, StandardCharsets.UTF_8));
  }

  @AfterAll
  static void restoreLog() {
    System.setErr(originalErr);
  }

  @BeforeEach
  void start() throws Exception {
    slack = new SlackKit();
    diagnoses = new FakeDiagnoses();
    bot =
        HttpBot.start(
            slack,
            HttpBot.listeners(
                diagnoses,
                java.util.Optional.empty(),
                new SlackCalls(sleeps::add),
                Duration.ofMillis(50)),
            java.util.Optional.empty());
  }

  @AfterEach
  void stop() throws Exception {
    bot.close();
    slack.close();
  }

  @Test
  void helpIsAnsweredInTheAckAsAnEphemeralMessage() throws Exception {
    JsonNode ack = ack(bot.command("help"));

    assertThat(ack.path("response_type").asText()).isEqualTo("ephemeral");
    assertThat(ack.path("text").asText())
        .contains("/peerfix diagnose TARGET [--nodes SELECTOR]", "/peerfix revert FIX");
  }

  @Test
  void anEmptyCommandIsHelp() throws Exception {
    assertThat(ack(bot.command("")).path("text").asText()).contains("/peerfix explain");
  }

  @Test
  void anUnknownSubcommandNamesTheClosestAndTheValidOnes() throws Exception {
    String text = ack(bot.command("diagnos orders")).path("text").asText();

    assertThat(text).contains("'diagnos'", "did you mean diagnose?", "diagnose, targets, fixes");
  }

  @Test
  void anUnknownTargetSuggestsTheClosestKnownOneAndStartsNothing() throws Exception {
    String text = ack(bot.command("diagnose order")).path("text").asText();

    assertThat(text).contains("'order'", "did you mean orders?", "known: orders, payments");
    assertThat(diagnoses.asked).isEmpty();
  }

  @Test
  void aMalformedSelectorSaysWhatIsValidAndStartsNothing() throws Exception {
    String text = ack(bot.command("diagnose orders --nodes $(reboot)")).path("text").asText();

    assertThat(text).contains("--nodes", "key=value");
    assertThat(diagnoses.asked).isEmpty();
  }

  @Test
  void targetsListsTheKnownTargets() throws Exception {
    assertThat(ack(bot.command("targets")).path("text").asText())
        .contains("`orders`", "`payments`");
  }

  @Test
  void aForgedSignatureIsRefusedWith401AndLoggedOnce() {
    String body = SlackKit.slashCommand("help");
    int before = count("Invalid signature detected");

    HttpResponse<String> response =
        slack.postSigned(bot.port(), body, "0000000000forgedsecret0000000000", SlackKit.now());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(count("Invalid signature detected") - before).isEqualTo(1);
  }

  @Test
  void anUnsignedRequestIsRefusedWith401() {
    int before = count("Invalid signature detected");

    assertThat(slack.postUnsigned(bot.port(), SlackKit.slashCommand("help")).statusCode())
        .isEqualTo(401);
    assertThat(count("Invalid signature detected") - before).isEqualTo(1);
  }

  @Test
  void aReplayedRequestOlderThanFiveMinutesIsRefusedWith401() {
    String old = String.valueOf(System.currentTimeMillis() / 1000 - 6 * 60);

    HttpResponse<String> response =
        slack.postSigned(bot.port(), SlackKit.slashCommand("help"), SlackKit.SIGNING_SECRET, old);

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void aRefusedRequestRunsNoListener() {
    slack.postUnsigned(bot.port(), SlackKit.slashCommand("diagnose orders"));

    assertThat(diagnoses.asked).isEmpty();
    assertThat(slack.calls("chat.postMessage")).isEmpty();
  }

  @Test
  void diagnosePostsOneMessageAndUpdatesItWithTheResultAndTheDetailsInItsThread() throws Exception {
    JsonNode ack = ack(bot.command("diagnose orders"));
    assertThat(ack.path("text").asText()).contains("Diagnosing *orders*");

    await().atMost(Duration.ofSeconds(10)).until(() -> slack.calls("chat.postMessage").size() >= 2);
    LoggedRequest first = slack.calls("chat.postMessage").get(0);
    assertThat(SlackKit.param(first, "channel")).isEqualTo("C2147483705");
    assertThat(SlackKit.param(first, "thread_ts")).isNull();
    assertThat(texts(SlackKit.param(first, "blocks"))).contains("Diagnosing orders");

    LoggedRequest update = slack.calls("chat.update").get(0);
    assertThat(SlackKit.param(update, "ts")).isEqualTo("1733045000.000100");
    assertThat(texts(SlackKit.param(update, "blocks")))
        .contains("orders: POD_SOURCE_NOT_MASQUERADED", "<@U2147483697>");

    LoggedRequest thread = slack.calls("chat.postMessage").get(1);
    assertThat(SlackKit.param(thread, "thread_ts")).isEqualTo("1733045000.000100");
    assertThat(texts(SlackKit.param(thread, "blocks"))).contains("NODE", "AFTER NAT");
  }

  @Test
  void aSelectorReachesTheDiagnosisAsAValue() throws Exception {
    bot.command("diagnose orders --nodes zone=a,!spot");

    await().atMost(Duration.ofSeconds(10)).until(() -> !diagnoses.selectors.isEmpty());
    assertThat(diagnoses.selectors.get(0).orElseThrow().toString()).isEqualTo("zone=a,!spot");
  }

  @Test
  void aRateLimitedUpdateWaitsTheRetryAfterSlackNamesAndDeliversTheResult() throws Exception {
    slack.failNext("chat.update", 429, 1);

    bot.command("diagnose orders");

    await().atMost(Duration.ofSeconds(10)).until(() -> slack.calls("chat.update").size() >= 2);
    assertThat(sleeps).contains(Duration.ofSeconds(2));
    assertThat(texts(SlackKit.param(slack.calls("chat.update").get(1), "blocks")))
        .contains("POD_SOURCE_NOT_MASQUERADED");
  }

  @Test
  void whenTheMessageCannotBeUpdatedTheResultIsPostedAnew() throws Exception {
    slack.failNext("chat.update", 500, SlackCalls.MAX_ATTEMPTS);

    bot.command("diagnose orders");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                slack.calls("chat.postMessage").stream()
                    .anyMatch(
                        r ->
                            SlackKit.param(r, "thread_ts") == null
                                && SlackKit.param(r, "blocks")
                                    .contains("POD_SOURCE_NOT_MASQUERADED")));
    assertThat(slack.calls("chat.update")).hasSize(SlackCalls.MAX_ATTEMPTS);
  }

  @Test
  void aDiagnosisThatCannotRunSaysWhyInTheMessage() throws Exception {
    bot.command("diagnose payments");

    await().atMost(Duration.ofSeconds(10)).until(() -> !slack.calls("chat.update").isEmpty());
    assertThat(texts(SlackKit.param(slack.calls("chat.update").get(0), "blocks")))
        .contains("Diagnosing payments failed", "lab 'peerfix' is not up");
  }

  @Test
  void livezAndReadyzAnswer200() {
    assertThat(bot.get("/livez").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = bot.get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("ready\n");
  }

  @Test
  void explainOpensTheModalForTheCommandsTrigger() throws Exception {
    bot.command("explain");

    await().atMost(Duration.ofSeconds(10)).until(() -> !slack.calls("views.open").isEmpty());
    LoggedRequest open = slack.calls("views.open").get(0);
    assertThat(SlackKit.param(open, "trigger_id"))
        .isEqualTo("13345224609.738474920.8088930838d88f008e0");
    assertThat(JSON.readTree(SlackKit.param(open, "view")).path("callback_id").asText())
        .isEqualTo("peerfix-explain");
  }

  @Test
  void anExplainSubmissionIsAnsweredWithTheVerdictAndTheDecidingRule() throws Exception {
    String nat = SlackKit.fixture("seed-incident-nat.txt");
    JsonNode ack = submit(nat, "10.244.1.5", "10.0.5.20:5432", "");

    assertThat(ack.path("response_action").asText()).isEqualTo("update");
    String shown = ack.path("view").path("blocks").toString();
    assertThat(shown).contains("`NONE`");
  }

  @Test
  void anExplainSubmissionThatMasqueradesNamesTheDecidingRule() throws Exception {
    String nat = SlackKit.fixture("seed-incident-nat.txt");
    JsonNode ack = submit(nat, "10.244.1.5", "8.8.8.8:443", "172.20.1.10");

    String shown = ack.path("view").path("blocks").toString();
    assertThat(shown).contains("`MASQUERADE`", "source after NAT 172.20.1.10", "Deciding rule");
  }

  @Test
  void anOversizedPasteIsRefusedNextToTheField() throws Exception {
    JsonNode ack =
        submit("x".repeat(ExplainModal.MAX_RULES_CHARS + 1), "10.244.1.5", "10.0.5.20", "");

    assertThat(ack.path("response_action").asText()).isEqualTo("errors");
    assertThat(ack.path("errors").path("rules").asText()).contains("at most 3000");
  }

  @Test
  void aMalformedAddressIsRefusedNextToItsField() throws Exception {
    JsonNode ack =
        submit(SlackKit.fixture("seed-incident-nat.txt"), "10.244.1.05", "10.0.5.20:99999", "");

    assertThat(ack.path("response_action").asText()).isEqualTo("errors");
    assertThat(ack.path("errors").has("src")).isTrue();
    assertThat(ack.path("errors").has("dst")).isTrue();
  }

  @Test
  void noSecretReachesTheLog() {
    bot.command("help");
    slack.postUnsigned(bot.port(), SlackKit.slashCommand("help"));

    String log = LOG.toString(StandardCharsets.UTF_8);
    assertThat(log)
        .doesNotContain(SlackKit.BOT_TOKEN, SlackKit.SIGNING_SECRET, "botSecretTokenValue");
  }

  private JsonNode submit(String rules, String src, String dst, String nodeIp) throws Exception {
    ObjectNode payload =
        (ObjectNode) JSON.readTree(SlackKit.fixture("view-submission-explain.json"));
    ObjectNode values = (ObjectNode) payload.path("view").path("state").path("values");
    ((ObjectNode) values.path("rules").path("value")).put("value", rules);
    ((ObjectNode) values.path("src").path("value")).put("value", src);
    ((ObjectNode) values.path("dst").path("value")).put("value", dst);
    ((ObjectNode) values.path("node_ip").path("value"))
        .put("value", nodeIp.isEmpty() ? null : nodeIp);
    HttpResponse<String> response =
        bot.post(SlackKit.interaction(JSON.writeValueAsString(payload)));
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** Every text a message's blocks show, one per line, as Slack would render their content. */
  static String texts(String blocksJson) {
    try {
      StringBuilder out = new StringBuilder();
      JSON.readTree(blocksJson)
          .findValues("text")
          .forEach(
              t -> out.append(t.isTextual() ? t.asText() : t.path("text").asText()).append('\n'));
      return out.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static JsonNode ack(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static int count(String needle) {
    String log = LOG.toString(StandardCharsets.UTF_8);
    int n = 0;
    for (int i = log.indexOf(needle); i >= 0; i = log.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  /** Writes to the captured log and to the real stderr. */
  private static final class Tee extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    Tee(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }
}
