package io.peerfix.slack;

import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.App;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@code /peerfix help} through the app in this process before the bot says it is ready,
 * signed as Slack signs it, so request verification, Bolt's middleware, the command parser and the
 * JSON of an ack are loaded and initialised before the first real request. Without it the first
 * burst of commands after a start waited seconds for class loading (benchmarks.md); help is
 * answered in the ack, so nothing reaches Slack.
 */
final class Warmup {
  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

  private Warmup() {}

  static void prime(App app, SlackSettings settings) {
    String body =
        "token=warmup&team_id=T0WARMUP&channel_id=C0WARMUP&user_id=U0WARMUP&command="
            + URLEncoder.encode(PeerfixListeners.COMMAND, StandardCharsets.UTF_8)
            + "&text=help&trigger_id=warmup";
    String ts = String.valueOf(System.currentTimeMillis() / 1000);
    Map<String, List<String>> headers =
        settings.signingSecret().isPresent()
            ? Map.of(
                SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP,
                List.of(ts),
                SlackSignature.HeaderNames.X_SLACK_SIGNATURE,
                List.of(
                    new SlackSignature.Generator(settings.signingSecret().get())
                        .generate(ts, body)))
            : Map.of();
    try {
      int status =
          app.run(new SlashCommandRequest(body, new RequestHeaders(headers))).getStatusCode();
      if (status != 200) {
        LOG.warn("the warm-up command was answered {}", status);
      }
    } catch (Exception e) {
      // A cold first request is slower, never wrong: start anyway.
      LOG.warn("the warm-up command failed: {}", e.toString());
    }
  }
}
