package io.peerfix.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code slack:} section: the channels the bot answers {@code /peerfix} in (by channel id;
 * absent or empty: every channel the app is in) and the namespace its node fixes live in (default:
 * {@code cluster.namespace}). Slack's tokens and signing secret never come from this file, only
 * from the environment ({@code SLACK_BOT_TOKEN}, {@code SLACK_SIGNING_SECRET}, {@code
 * SLACK_APP_TOKEN}, and {@code SLACK_API_URL} for the Web API's address): a secret key written here
 * is an error naming the variable to set instead.
 *
 * <pre>{@code
 * slack:
 *   channels: [C0123ONCALL, C0456NETOPS]
 * }</pre>
 */
public record SlackConfig(List<String> channels, Optional<String> fixNamespace) {
  static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{2,20}");

  /** Keys someone might put a secret under, and the variable that holds it instead. */
  private static final Map<String, String> SECRETS =
      Map.of(
          "botToken", "SLACK_BOT_TOKEN",
          "token", "SLACK_BOT_TOKEN",
          "signingSecret", "SLACK_SIGNING_SECRET",
          "appToken", "SLACK_APP_TOKEN",
          "apiUrl", "SLACK_API_URL");

  public SlackConfig {
    channels = List.copyOf(channels);
  }

  /** The section when the file has none (or there is no file): every channel, no namespace. */
  public static SlackConfig none() {
    return new SlackConfig(List.of(), Optional.empty());
  }

  /** Whether {@code /peerfix} is answered in {@code channelId}. */
  public boolean answersIn(String channelId) {
    return channels.isEmpty() || channels.contains(channelId);
  }

  static SlackConfig read(ConfigMap root) {
    Optional<ConfigMap> section = root.optionalMap("slack");
    if (section.isEmpty()) {
      return none();
    }
    ConfigMap s = section.get();
    for (Map.Entry<String, String> secret : SECRETS.entrySet()) {
      if (s.has(secret.getKey())) {
        throw s.error(
            secret.getKey(),
            "Slack's credentials are read only from the environment: remove this key and set "
                + secret.getValue()
                + " (e.g. from a Kubernetes Secret)");
      }
    }
    List<String> channels = s.strings("channels");
    for (int i = 0; i < channels.size(); i++) {
      if (!CHANNEL_ID.matcher(channels.get(i)).matches()) {
        throw s.error(
            "channels",
            "expected channel ids such as C0123ABCD (the channel's details show it), got '"
                + channels.get(i)
                + "'");
      }
    }
    return new SlackConfig(
        channels,
        s.optional(
            "fixNamespace",
            text -> {
              if (!ClusterConfig.NAMESPACE.matcher(text).matches()) {
                throw new IllegalArgumentException(
                    "expected a Kubernetes namespace name (e.g. peerfix), got '" + text + "'");
              }
              return text;
            }));
  }
}
