package io.peerfix.slack;

import io.peerfix.common.UserInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Slack app's credentials and Web API address, read once from the environment and validated:
 * {@code SLACK_BOT_TOKEN} (always), {@code SLACK_SIGNING_SECRET} (the HTTP transport), {@code
 * SLACK_APP_TOKEN} (Socket Mode) and {@code SLACK_API_URL} (optional, the Web API base URL, for
 * tests and proxies). A missing or malformed value fails with a message that names the key and
 * never shows the value; {@link #toString()} shows no secret either.
 */
public final class SlackSettings {
  public static final String BOT_TOKEN = "SLACK_BOT_TOKEN";
  public static final String SIGNING_SECRET = "SLACK_SIGNING_SECRET";
  public static final String APP_TOKEN = "SLACK_APP_TOKEN";
  public static final String API_URL = "SLACK_API_URL";

  /** Slack's own Web API base URL, used when {@code SLACK_API_URL} is not set. */
  public static final String DEFAULT_API_URL = "https://slack.com/api/";

  private static final Pattern TOKEN_CHARS = Pattern.compile("[A-Za-z0-9-]+");
  private static final Pattern SECRET_CHARS = Pattern.compile("[A-Za-z0-9]{16,128}");

  private final String botToken;
  private final Optional<String> signingSecret;
  private final Optional<String> appToken;
  private final String apiUrl;

  private SlackSettings(
      String botToken, Optional<String> signingSecret, Optional<String> appToken, String apiUrl) {
    this.botToken = botToken;
    this.signingSecret = signingSecret;
    this.appToken = appToken;
    this.apiUrl = apiUrl;
  }

  /**
   * The settings for the transport chosen: Socket Mode needs {@code SLACK_APP_TOKEN}, HTTP needs
   * {@code SLACK_SIGNING_SECRET}; a key the transport does not need is still validated when set.
   *
   * @throws UserInputException naming the first key that is missing or malformed
   */
  public static SlackSettings fromEnvironment(Map<String, String> env, boolean socketMode) {
    String bot = token(env, BOT_TOKEN, "xoxb-", "the bot token (OAuth & Permissions page)", true);
    String app =
        token(
            env,
            APP_TOKEN,
            "xapp-",
            "an app-level token with connections:write (Basic Information page)",
            socketMode);
    String secret = secret(env, !socketMode);
    return new SlackSettings(
        bot, Optional.ofNullable(secret), Optional.ofNullable(app), apiUrl(env.get(API_URL)));
  }

  public String botToken() {
    return botToken;
  }

  public Optional<String> signingSecret() {
    return signingSecret;
  }

  public Optional<String> appToken() {
    return appToken;
  }

  /** The Web API base URL, ending in a slash (Bolt's methods endpoint URL prefix). */
  public String apiUrl() {
    return apiUrl;
  }

  @Override
  public String toString() {
    return "SlackSettings[apiUrl="
        + apiUrl
        + ", botToken=(set), signingSecret="
        + (signingSecret.isPresent() ? "(set)" : "(unset)")
        + ", appToken="
        + (appToken.isPresent() ? "(set)" : "(unset)")
        + "]";
  }

  private static String token(
      Map<String, String> env, String key, String prefix, String what, boolean required) {
    String value = blankToNull(env.get(key));
    if (value == null) {
      if (required) {
        throw new UserInputException(key + " is not set: give " + what + ", " + prefix + "...");
      }
      return null;
    }
    if (!value.startsWith(prefix) || !TOKEN_CHARS.matcher(value).matches()) {
      throw new UserInputException(
          key
              + " is malformed: expected "
              + what
              + ", which starts with "
              + prefix
              + " and has only letters, digits and dashes");
    }
    return value;
  }

  private static String secret(Map<String, String> env, boolean required) {
    String value = blankToNull(env.get(SIGNING_SECRET));
    if (value == null) {
      if (required) {
        throw new UserInputException(
            SIGNING_SECRET
                + " is not set: the HTTP transport needs the app's signing secret (Basic"
                + " Information page) to verify Slack's requests");
      }
      return null;
    }
    if (!SECRET_CHARS.matcher(value).matches()) {
      throw new UserInputException(
          SIGNING_SECRET
              + " is malformed: expected the app's signing secret (Basic Information page), 16 to"
              + " 128 letters and digits, with no quotes or spaces");
    }
    return value;
  }

  private static String apiUrl(String raw) {
    String value = blankToNull(raw);
    if (value == null) {
      return DEFAULT_API_URL;
    }
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme();
      if (uri.getHost() == null
          || !("http".equals(scheme) || "https".equals(scheme))
          || uri.getQuery() != null
          || uri.getFragment() != null) {
        throw new URISyntaxException(value, "not an http(s) base URL");
      }
    } catch (URISyntaxException e) {
      throw new UserInputException(
          API_URL
              + " is malformed: expected the Web API base URL, e.g. "
              + DEFAULT_API_URL
              + " or http://127.0.0.1:9999/api/, got '"
              + value
              + "'");
    }
    return value.endsWith("/") ? value : value + "/";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
