package io.peerfix.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.peerfix.orchestration.DiagnosisListener;
import io.peerfix.orchestration.DiagnosisRun;
import io.peerfix.slack.command.LabelSelector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A diagnosis of 1,000 nodes through the front door: the channel message stays within Slack's
 * limits, and the full per-node table goes into the thread as a file through Slack's upload flow
 * ({@code files.getUploadURLExternal}, the upload, {@code files.completeUploadExternal}), or as
 * replies when the upload fails.
 */
class SlackLargeOutputTest {
  private static final String FILE_ID = "F0PEERFIX01";

  private SlackKit slack;
  private HttpBot bot;

  @BeforeEach
  void start() throws Exception {
    slack = new SlackKit();
    slack.api.stubFor(
        post(urlEqualTo("/api/files.getUploadURLExternal"))
            .willReturn(
                okJson(
                    "{\"ok\":true,\"upload_url\":\""
                        + slack.api.baseUrl()
                        + "/upload/"
                        + FILE_ID
                        + "\",\"file_id\":\""
                        + FILE_ID
                        + "\"}")));
    slack.api.stubFor(
        post(urlEqualTo("/upload/" + FILE_ID)).willReturn(aResponse().withBody("OK - 1")));
    slack.api.stubFor(
        post(urlEqualTo("/api/files.completeUploadExternal"))
            .willReturn(
                okJson("{\"ok\":true,\"files\":[{\"id\":\"" + FILE_ID + "\",\"title\":\"t\"}]}")));
    DiagnosisService thousand =
        new DiagnosisService() {
          @Override
          public List<String> targets() {
            return List.of("orders");
          }

          @Override
          public DiagnosisRun diagnose(
              String target, Optional<LabelSelector> nodes, DiagnosisListener listener) {
            return FakeDiagnoses.withNodes(1000);
          }
        };
    bot = HttpBot.start(slack, thousand, Optional.empty(), new SlackCalls(d -> {}));
  }

  @AfterEach
  void stop() throws Exception {
    bot.close();
    slack.close();
  }

  private List<LoggedRequest> threadReplies() {
    return slack.calls("chat.postMessage").stream()
        .filter(r -> SlackKit.param(r, "thread_ts") != null)
        .toList();
  }

  private static long nodeLines(String text) {
    return text.lines().filter(l -> l.contains(".ec2.internal")).count();
  }

  @Test
  void theTableOfAThousandNodesIsUploadedAsAFileIntoTheThread() {
    bot.command("diagnose orders");

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> !slack.calls("files.completeUploadExternal").isEmpty());
    LoggedRequest upload =
        slack.api.findAll(postRequestedFor(urlEqualTo("/upload/" + FILE_ID))).get(0);
    assertThat(nodeLines(new String(upload.getBody(), StandardCharsets.UTF_8))).isEqualTo(1000);
    LoggedRequest complete = slack.calls("files.completeUploadExternal").get(0);
    assertThat(SlackKit.param(complete, "channel_id")).isEqualTo("C2147483705");
    assertThat(SlackKit.param(complete, "thread_ts")).isEqualTo("1733045000.000100");
    assertThat(SlackKit.param(complete, "files")).contains(FILE_ID);
    assertThat(threadReplies()).isNotEmpty();
    assertThat(threadReplies())
        .allSatisfy(
            r -> assertThat(nodeLines(SlackHttpTest.texts(SlackKit.param(r, "blocks")))).isZero());
    String result = SlackKit.param(slack.calls("chat.update").get(0), "blocks");
    assertThat(result.length()).isLessThan(40_000);
    assertThat(nodeLines(SlackHttpTest.texts(result))).isLessThan(20);
  }

  @Test
  void whenTheUploadFailsTheTableIsPostedAsRepliesInstead() {
    slack.api.stubFor(
        post(urlEqualTo("/api/files.getUploadURLExternal"))
            .willReturn(okJson("{\"ok\":false,\"error\":\"missing_scope\"}")));

    bot.command("diagnose orders");

    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                threadReplies().stream()
                        .mapToLong(r -> nodeLines(SlackHttpTest.texts(SlackKit.param(r, "blocks"))))
                        .sum()
                    == 1000);
    assertThat(slack.calls("files.completeUploadExternal")).isEmpty();
  }
}
