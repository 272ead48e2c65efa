package io.peerfix.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerfix.common.UserInputException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bot over Socket Mode: {@code apps.connections.open} (WireMock) hands out the URL of a local
 * WebSocket end that delivers the same envelopes Slack does; the bot acks over the socket.
 */
class SlackSocketModeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SlackKit slack;
  private FakeSocketMode socket;
  private PeerfixListeners listeners;
  private SlackBot bot;

  @BeforeEach
  void start() throws Exception {
    slack = new SlackKit();
    socket = FakeSocketMode.startOnLoopback();
    slack.api.stubFor(
        post(urlEqualTo("/api/apps.connections.open"))
            .willReturn(okJson("{\"ok\":true,\"url\":\"" + socket.url() + "\"}")));
    listeners =
        new PeerfixListeners(
            new FakeDiagnoses(),
            java.util.Optional.empty(),
            new SlackCalls(d -> {}),
            Clock.systemUTC(),
            Duration.ZERO,
            Duration.ZERO);
  }

  @AfterEach
  void stop() throws Exception {
    if (bot != null) {
      bot.close();
    }
    listeners.close();
    socket.close();
    slack.close();
  }

  private SlackSettings socketSettings() {
    return SlackSettings.fromEnvironment(
        Map.of(
            SlackSettings.BOT_TOKEN, SlackKit.BOT_TOKEN,
            SlackSettings.APP_TOKEN, SlackKit.APP_TOKEN,
            SlackSettings.API_URL, slack.apiUrl()),
        true);
  }

  private void startBot() throws Exception {
    bot =
        SlackBot.start(
            socketSettings(), new ServeOptions("127.0.0.1", OptionalInt.empty(), 0), listeners);
  }

  @Test
  void aSlashCommandEnvelopeIsAckedOverTheSocketWithTheAnswer() throws Exception {
    startBot();
    ObjectNode envelope = (ObjectNode) JSON.readTree(SlackKit.fixture("socket-slash-command.json"));

    socket.deliver(JSON.writeValueAsString(envelope));

    await().atMost(Duration.ofSeconds(10)).until(() -> !socket.received.isEmpty());
    JsonNode ack = JSON.readTree(socket.received.get(0));
    assertThat(ack.path("envelope_id").asText()).isEqualTo("1d3c79ab-0ffb-41f3-a080-d19e85f53649");
    assertThat(ack.path("payload").path("response_type").asText()).isEqualTo("ephemeral");
    assertThat(ack.path("payload").path("text").asText()).contains("/peerfix diagnose TARGET");
  }

  @Test
  void aDiagnoseEnvelopeIsAckedAndTheResultPostedThroughTheWebApi() throws Exception {
    startBot();
    ObjectNode envelope = (ObjectNode) JSON.readTree(SlackKit.fixture("socket-slash-command.json"));
    ((ObjectNode) envelope.path("payload")).put("text", "diagnose orders");

    socket.deliver(JSON.writeValueAsString(envelope));

    await().atMost(Duration.ofSeconds(10)).until(() -> !slack.calls("chat.update").isEmpty());
    assertThat(JSON.readTree(socket.received.get(0)).path("payload").path("text").asText())
        .contains("Diagnosing *orders*");
    assertThat(SlackHttpTest.texts(SlackKit.param(slack.calls("chat.update").get(0), "blocks")))
        .contains("orders: POD_SOURCE_NOT_MASQUERADED");
  }

  @Test
  void theBotIsReadyOnceSlackSaidHelloAndServesHealthOnItsOwnPort() throws Exception {
    startBot();

    assertThat(bot.ready()).isTrue();
    assertThat(slack.get(bot.port(), "/readyz").statusCode()).isEqualTo(200);
    assertThat(slack.get(bot.port(), "/slack/events").statusCode()).isEqualTo(404);
  }

  @Test
  void anAppTokenSlackRefusesFailsTheStartNamingTheKey() {
    slack.api.stubFor(
        post(urlEqualTo("/api/apps.connections.open"))
            .willReturn(okJson("{\"ok\":false,\"error\":\"invalid_auth\"}")));

    assertThatThrownBy(this::startBot)
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("SLACK_APP_TOKEN")
        .hasMessageContaining("invalid_auth")
        .hasMessageNotContaining(SlackKit.APP_TOKEN);
  }

  @Test
  void aBotTokenSlackRefusesFailsTheStartNamingTheKey() {
    slack.api.stubFor(
        post(urlEqualTo("/api/auth.test"))
            .willReturn(okJson("{\"ok\":false,\"error\":\"invalid_auth\"}")));

    assertThatThrownBy(this::startBot)
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("SLACK_BOT_TOKEN");
  }
}
