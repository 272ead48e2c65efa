package io.peerfix.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.slack.api.app_backend.SlackSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the bot's front-door tests share: the Slack Web API served by WireMock on loopback with real
 * response shapes, fixture payloads as Slack sends them, and requests signed with the signing
 * secret exactly as Slack signs them (Bolt's own {@link SlackSignature.Generator}).
 */
final class SlackKit implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String BOT_TOKEN = "xoxb-1111-2222-botSecretTokenValue";
  static final String SIGNING_SECRET = "8f742231b10e8888abcd99b1c2d3e4f5";
  static final String APP_TOKEN = "xapp-1-A0PEERFIX1-3333-appSecretTokenValue";

  final WireMockServer api =
      new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  SlackKit() {
    api.start();
    stubOk("auth.test", "auth-test.json");
    stubOk("chat.postMessage", "chat-post-message.json");
    stubOk("chat.update", "chat-update.json");
    api.stubFor(post(urlEqualTo("/api/views.open")).willReturn(okJson("{\"ok\":true}")));
    api.stubFor(
        post(urlEqualTo("/api/chat.postEphemeral"))
            .willReturn(okJson("{\"ok\":true,\"message_ts\":\"1733045200.000200\"}")));
  }

  String apiUrl() {
    return api.baseUrl() + "/api/";
  }

  SlackSettings httpSettings() {
    return SlackSettings.fromEnvironment(
        Map.of(
            SlackSettings.BOT_TOKEN, BOT_TOKEN,
            SlackSettings.SIGNING_SECRET, SIGNING_SECRET,
            SlackSettings.API_URL, apiUrl()),
        false);
  }

  void stubOk(String method, String fixture) {
    api.stubFor(post(urlEqualTo("/api/" + method)).willReturn(okJson(fixture(fixture))));
  }

  List<LoggedRequest> calls(String method) {
    return api.findAll(postRequestedFor(urlEqualTo("/api/" + method)));
  }

  /** A form field of a Web API call the bot made. */
  static String param(LoggedRequest request, String name) {
    for (String pair : request.getBodyAsString().split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  static String fixture(String name) {
    try (InputStream in = SlackKit.class.getResourceAsStream("/slack/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The slash command fixture's body, form-encoded, with {@code text} as the command text. */
  static String slashCommand(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : fixture("slash-command.form").split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int eq = line.indexOf('=');
        fields.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    fields.put("text", text);
    return fields.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** An interaction payload's body as Slack posts it: {@code payload=<url-encoded JSON>}. */
  static String interaction(String json) {
    return "payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
  }

  /**
   * The block_actions fixture as Slack sends it when {@code user} presses the button {@code
   * actionId} carrying {@code value}: the JSON, before {@link #interaction} encodes it.
   */
  static String press(String actionId, String user, String value) {
    return press(actionId, user, value, null);
  }

  /**
   * As {@link #press(String, String, String)}, on the message that showed {@code shownBlocks} (the
   * payload's {@code message.blocks}, as Slack sends them back; the fixture's own when null).
   */
  static String press(String actionId, String user, String value, JsonNode shownBlocks) {
    try {
      ObjectNode payload = (ObjectNode) JSON.readTree(fixture("block-actions-approve.json"));
      ((ObjectNode) payload.path("user")).put("id", user);
      if (shownBlocks != null) {
        ((ObjectNode) payload.path("message")).set("blocks", shownBlocks);
      }
      ObjectNode action = (ObjectNode) payload.path("actions").get(0);
      action.put("action_id", actionId);
      action.put("value", value);
      return JSON.writeValueAsString(payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The first {@code chat.update} that carries a diagnosis result for {@code target}: its header
   * names the target and a cause ({@code "target: CAUSE"}).
   */
  Optional<LoggedRequest> resultUpdate(String target) {
    return calls("chat.update").stream()
        .filter(r -> SlackHttpTest.texts(param(r, "blocks")).contains(target + ": "))
        .findFirst();
  }

  /** The last {@code chat.update} the bot made (there must be one). */
  LoggedRequest lastUpdate() {
    List<LoggedRequest> all = calls("chat.update");
    return all.get(all.size() - 1);
  }

  /** The texts of the last {@code chat.update}'s blocks; empty before the first update. */
  String lastUpdateTexts() {
    return calls("chat.update").isEmpty() ? "" : SlackHttpTest.texts(param(lastUpdate(), "blocks"));
  }

  static String sign(String secret, String timestamp, String body) {
    return new SlackSignature.Generator(secret).generate(timestamp, body);
  }

  static String now() {
    return String.valueOf(System.currentTimeMillis() / 1000);
  }

  /**
   * POSTs {@code body} to the bot's events path, signed with {@code secret} at {@code timestamp}.
   */
  HttpResponse<String> postSigned(int port, String body, String secret, String timestamp) {
    return send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP, timestamp)
            .header(SlackSignature.HeaderNames.X_SLACK_SIGNATURE, sign(secret, timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  HttpResponse<String> postSigned(int port, String body) {
    return postSigned(port, body, SIGNING_SECRET, now());
  }

  HttpResponse<String> postUnsigned(int port, String body) {
    return send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  HttpResponse<String> get(int port, String path) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Makes the next answers of {@code method} fail with {@code status} (429 with Retry-After). */
  void failNext(String method, int status, int times) {
    String scenario = method + "-failing";
    for (int i = 0; i < times; i++) {
      api.stubFor(
          post(urlEqualTo("/api/" + method))
              .inScenario(scenario)
              .whenScenarioStateIs(
                  i == 0
                      ? com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED
                      : "failed-" + i)
              .willReturn(
                  aResponse()
                      .withStatus(status)
                      .withHeader("Retry-After", "2")
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          status == 429 ? "{\"ok\":false,\"error\":\"ratelimited\"}" : "oops"))
              .willSetStateTo("failed-" + (i + 1)));
    }
    api.stubFor(
        post(urlEqualTo("/api/" + method))
            .inScenario(scenario)
            .whenScenarioStateIs("failed-" + times)
            .willReturn(
                okJson(
                    fixture(
                        method.equals("chat.update")
                            ? "chat-update.json"
                            : "chat-post-message.json"))));
  }

  @Override
  public void close() {
    api.stop();
  }
}
