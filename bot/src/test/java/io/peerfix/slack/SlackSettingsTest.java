package io.peerfix.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerfix.common.UserInputException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackSettingsTest {
  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private static final String BOT = "xoxb-1-2-secretbotvalue";
  private static final String APP = "xapp-1-A1-2-secretappvalue";
  private static final String SECRET = "0123456789abcdef0123456789abcdef";

  @Test
  void socketModeNeedsTheBotAndAppTokens() {
    SlackSettings s =
        SlackSettings.fromEnvironment(
            env(SlackSettings.BOT_TOKEN, BOT, SlackSettings.APP_TOKEN, APP), true);

    assertThat(s.botToken()).isEqualTo(BOT);
    assertThat(s.appToken()).contains(APP);
    assertThat(s.signingSecret()).isEmpty();
    assertThat(s.apiUrl()).isEqualTo(SlackSettings.DEFAULT_API_URL);
  }

  @Test
  void httpNeedsTheSigningSecret() {
    assertThatThrownBy(
            () -> SlackSettings.fromEnvironment(env(SlackSettings.BOT_TOKEN, BOT), false))
        .isInstanceOf(UserInputException.class)
        .hasMessageStartingWith("SLACK_SIGNING_SECRET is not set");
    assertThat(
            SlackSettings.fromEnvironment(
                    env(SlackSettings.BOT_TOKEN, BOT, SlackSettings.SIGNING_SECRET, SECRET), false)
                .signingSecret())
        .contains(SECRET);
  }

  @Test
  void eachMissingKeyIsNamed() {
    assertThatThrownBy(() -> SlackSettings.fromEnvironment(env(), true))
        .hasMessageStartingWith("SLACK_BOT_TOKEN is not set");
    assertThatThrownBy(() -> SlackSettings.fromEnvironment(env(SlackSettings.BOT_TOKEN, BOT), true))
        .hasMessageStartingWith("SLACK_APP_TOKEN is not set");
  }

  @Test
  void malformedValuesAreNamedWithoutShowingThem() {
    assertThatThrownBy(
            () ->
                SlackSettings.fromEnvironment(
                    env(SlackSettings.BOT_TOKEN, "xapp-wrong-kind-secretvalue"), true))
        .hasMessageStartingWith("SLACK_BOT_TOKEN is malformed")
        .hasMessageNotContaining("secretvalue");
    assertThatThrownBy(
            () ->
                SlackSettings.fromEnvironment(
                    env(
                        SlackSettings.BOT_TOKEN,
                        BOT,
                        SlackSettings.SIGNING_SECRET,
                        "\"quoted secret value\""),
                    false))
        .hasMessageStartingWith("SLACK_SIGNING_SECRET is malformed")
        .hasMessageNotContaining("quoted secret value");
    assertThatThrownBy(
            () ->
                SlackSettings.fromEnvironment(
                    env(
                        SlackSettings.BOT_TOKEN,
                        BOT,
                        SlackSettings.APP_TOKEN,
                        APP,
                        SlackSettings.API_URL,
                        "ftp://slack.example/api"),
                    true))
        .hasMessageStartingWith("SLACK_API_URL is malformed");
  }

  @Test
  void theApiUrlGetsItsTrailingSlash() {
    assertThat(
            SlackSettings.fromEnvironment(
                    env(
                        SlackSettings.BOT_TOKEN,
                        BOT,
                        SlackSettings.APP_TOKEN,
                        APP,
                        SlackSettings.API_URL,
                        "http://127.0.0.1:9999/api"),
                    true)
                .apiUrl())
        .isEqualTo("http://127.0.0.1:9999/api/");
  }

  @Test
  void toStringShowsNoSecret() {
    SlackSettings s =
        SlackSettings.fromEnvironment(
            env(
                SlackSettings.BOT_TOKEN,
                BOT,
                SlackSettings.APP_TOKEN,
                APP,
                SlackSettings.SIGNING_SECRET,
                SECRET),
            true);

    assertThat(s.toString()).doesNotContain(BOT, APP, SECRET).contains("(set)");
  }
}
