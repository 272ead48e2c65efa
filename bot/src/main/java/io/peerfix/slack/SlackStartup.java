package io.peerfix.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import io.peerfix.common.UserInputException;
import java.io.IOException;
import java.util.Set;

/**
 * The checks the bot makes before it says it is ready: the bot token is accepted ({@code
 * auth.test}) and, for Socket Mode, the app token may open connections ({@code
 * apps.connections.open}). A token Slack refuses is bad input naming its key; an unreachable Slack
 * is a failure naming the URL.
 */
final class SlackStartup {
  /** The errors that mean the token itself is wrong, not that Slack is unwell. */
  private static final Set<String> REFUSED =
      Set.of(
          "invalid_auth",
          "not_authed",
          "account_inactive",
          "token_revoked",
          "token_expired",
          "not_allowed_token_type",
          "missing_scope");

  private SlackStartup() {}

  static void checkBotToken(MethodsClient methods, SlackSettings settings) {
    check(
        SlackSettings.BOT_TOKEN,
        settings,
        () -> methods.authTest(r -> r.token(settings.botToken())));
  }

  static void checkAppToken(MethodsClient methods, SlackSettings settings) {
    String token = settings.appToken().orElseThrow();
    check(
        SlackSettings.APP_TOKEN, settings, () -> methods.appsConnectionsOpen(r -> r.token(token)));
  }

  private interface Call {
    SlackApiTextResponse call() throws IOException, SlackApiException;
  }

  private static void check(String key, SlackSettings settings, Call call) {
    SlackApiTextResponse response;
    try {
      response = call.call();
    } catch (IOException | SlackApiException e) {
      throw new IllegalStateException(
          "cannot reach the Slack Web API at " + settings.apiUrl() + ": " + e.getMessage(), e);
    }
    if (response.isOk()) {
      return;
    }
    String error = response.getError();
    if (REFUSED.contains(error)) {
      throw new UserInputException(
          key + " was refused by Slack (" + error + "): check the token and the app's scopes");
    }
    throw new IllegalStateException(
        "the Slack Web API at " + settings.apiUrl() + " answered " + error + " to " + key);
  }
}
