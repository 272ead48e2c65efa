package io.peerfix.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * infra/slack/manifest.yaml asks for exactly the bot scopes the code needs: the scopes of every
 * Slack Web API method the code under io.peerfix.slack calls (found in its source: calls of
 * MethodsClient's methods, and Bolt's {@code say}, which posts a message), plus {@code commands}
 * for the slash command. A method the code starts calling without its scope in the manifest, or a
 * scope nothing uses any more, fails here; so does a method missing from {@link #SCOPES}.
 */
class SlackManifestTest {
  private static final Path ROOT =
      Files.isDirectory(Path.of("..", "infra")) ? Path.of("..") : Path.of(".");
  private static final Path MANIFEST = ROOT.resolve("infra/slack/manifest.yaml");
  private static final Path SLACK_CODE = ROOT.resolve("bot/src/main/java/io/peerfix/slack");
  private static final Pattern CALL = Pattern.compile("\\.([a-z][A-Za-z0-9]*)\\s*\\(");

  /**
   * The bot scopes each Web API method needs (api.slack.com/methods/NAME), by its MethodsClient
   * name. Methods that need none: auth.test, views.* (the trigger is the permission), and
   * apps.connections.open (it uses the app-level token, whose connections:write is set on the
   * token, not in the manifest).
   */
  static final Map<String, Set<String>> SCOPES =
      Map.ofEntries(
          Map.entry("authTest", Set.of()),
          Map.entry("appsConnectionsOpen", Set.of()),
          Map.entry("viewsOpen", Set.of()),
          Map.entry("viewsUpdate", Set.of()),
          Map.entry("viewsPush", Set.of()),
          Map.entry("chatPostMessage", Set.of("chat:write")),
          Map.entry("chatUpdate", Set.of("chat:write")),
          Map.entry("chatPostEphemeral", Set.of("chat:write")),
          Map.entry("chatDelete", Set.of("chat:write")),
          Map.entry("usergroupsUsersList", Set.of("usergroups:read")),
          Map.entry("usergroupsList", Set.of("usergroups:read")),
          Map.entry("usersInfo", Set.of("users:read")),
          Map.entry("conversationsInfo", Set.of("channels:read", "groups:read")),
          Map.entry("conversationsReplies", Set.of("channels:history", "groups:history")),
          Map.entry("filesUploadV2", Set.of("files:write")),
          Map.entry("filesGetUploadURLExternal", Set.of("files:write")),
          Map.entry("filesCompleteUploadExternal", Set.of("files:write")));

  @Test
  void theManifestAsksForExactlyTheScopesOfTheMethodsTheCodeCalls() {
    Set<String> called = webApiMethodsCalled(slackSources(), methodsClientNames());
    Set<String> unknown = new TreeSet<>(called);
    unknown.removeAll(SCOPES.keySet());
    assertThat(unknown)
        .as("Web API methods the code calls whose scopes SCOPES does not list yet")
        .isEmpty();
    Set<String> needed = new TreeSet<>(Set.of("commands"));
    called.forEach(m -> needed.addAll(SCOPES.get(m)));

    assertThat(botScopes()).containsExactlyElementsOf(needed);
  }

  @Test
  void theMethodsAreFoundInTheSourceAndMapToTheirScopes() {
    String source =
        "ctx.client().chatPostMessage(r -> r.channel(c));\n"
            + "methods.usergroupsUsersList(r -> r.usergroup(g)); ctx.say(text); list.stream();";
    Set<String> universe = Set.of("chatPostMessage", "usergroupsUsersList", "chatUpdate");

    assertThat(webApiMethodsCalled(source, universe))
        .containsExactly("chatPostMessage", "usergroupsUsersList");
  }

  @Test
  void theAppUsesSocketModeInteractivityAndTheSlashCommandTheBotAnswers() {
    JsonNode manifest = manifest();

    assertThat(manifest.at("/settings/socket_mode_enabled").asBoolean()).isTrue();
    assertThat(manifest.at("/settings/interactivity/is_enabled").asBoolean()).isTrue();
    assertThat(manifest.at("/oauth_config/scopes/user").isMissingNode()).isTrue();
    assertThat(manifest.at("/features/slash_commands"))
        .singleElement()
        .satisfies(c -> assertThat(c.get("command").asText()).isEqualTo("/peerfix"));
    Matcher registered = Pattern.compile("command\\(\\s*\"(/[a-z-]+)\"").matcher(slackSources());
    while (registered.find()) {
      assertThat(registered.group(1)).isEqualTo("/peerfix");
    }
  }

  /** The MethodsClient method names called in {@code source} (Bolt's say counts as a post). */
  static Set<String> webApiMethodsCalled(String source, Set<String> methodsClient) {
    Set<String> called = new TreeSet<>();
    Matcher m = CALL.matcher(source);
    while (m.find()) {
      String name = m.group(1);
      if (methodsClient.contains(name)) {
        called.add(name);
      } else if (name.equals("say")) {
        called.add("chatPostMessage");
      }
    }
    return called;
  }

  /**
   * Every method name of Slack's MethodsClient, when the Slack SDK is on the class path (it is
   * whenever io.peerfix.slack exists: the code cannot call the Web API without it).
   */
  private static Set<String> methodsClientNames() {
    try {
      Class<?> client = Class.forName("com.slack.api.methods.MethodsClient");
      return Arrays.stream(client.getMethods()).map(Method::getName).collect(Collectors.toSet());
    } catch (ClassNotFoundException e) {
      assertThat(slackSources()).as("Slack code without the Slack SDK").doesNotContain("com.slack");
      return Set.of();
    }
  }

  private static String slackSources() {
    if (!Files.isDirectory(SLACK_CODE)) {
      return "";
    }
    try (Stream<Path> files = Files.walk(SLACK_CODE)) {
      StringBuilder all = new StringBuilder();
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        all.append(Files.readString(f)).append('\n');
      }
      return all.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> botScopes() {
    List<String> scopes = new ArrayList<>();
    manifest().at("/oauth_config/scopes/bot").forEach(s -> scopes.add(s.asText()));
    return scopes.stream().sorted().toList();
  }

  private static JsonNode manifest() {
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(MANIFEST));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
