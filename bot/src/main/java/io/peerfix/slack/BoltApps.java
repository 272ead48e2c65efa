package io.peerfix.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;

/** Builds the Bolt app from the settings: one workspace, its bot token, Slack's Web API URL. */
final class BoltApps {
  private BoltApps() {}

  static App create(SlackSettings settings) {
    SlackConfig slackConfig = new SlackConfig();
    slackConfig.setMethodsEndpointUrlPrefix(settings.apiUrl());
    // The SDK's per-method call statistics run a background job the bot never reads.
    slackConfig.setStatsEnabled(false);
    AppConfig.AppConfigBuilder config =
        AppConfig.builder()
            .slack(Slack.getInstance(slackConfig))
            .singleTeamBotToken(settings.botToken())
            // auth.test once per ten minutes, not on every request: the ack must be fast.
            .authTestCacheEnabled(true);
    // Request verification (signature and a timestamp within five minutes) guards the HTTP
    // endpoint; Socket Mode has no HTTP endpoint for Slack's requests, and Bolt skips the check
    // for requests that come over the socket.
    settings
        .signingSecret()
        .ifPresentOrElse(
            config::signingSecret,
            () -> config.signingSecret(null).requestVerificationEnabled(false));
    return new App(config.build());
  }
}
