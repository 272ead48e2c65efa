package io.peerfix.lab;

import io.peerfix.common.UserInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The scenarios shipped in the jar ({@code /scenarios/NAME.yaml}), one per root cause or more. */
public final class ScenarioCatalog {
  /** Built-in scenario names in the order {@code peerfix lab scenarios} lists them. */
  public static final List<String> NAMES =
      List.of(
          "seed-incident",
          "ip-masq-agent-default",
          "aws-cni-excluded-snat",
          "healthy",
          "sg-blocks",
          "no-route-back",
          "no-route-to-peer",
          "peering-not-active",
          "nacl-blocks",
          "dns-resolves-public",
          "dns-failure",
          "cidr-overlap",
          "connection-refused");

  private ScenarioCatalog() {}

  /** The built-in scenario {@code name}; an unknown name is bad input that lists the known ones. */
  public static Scenario builtIn(String name) {
    return ScenarioLoader.parse("built-in scenario " + name, text(name));
  }

  /** The YAML text of built-in scenario {@code name}. */
  public static String text(String name) {
    if (!NAMES.contains(name)) {
      throw new UserInputException(
          "no built-in scenario '"
              + name
              + "'; known: "
              + String.join(", ", NAMES)
              + " (or pass --scenario-file FILE)");
    }
    String resource = "/scenarios/" + name + ".yaml";
    try (InputStream in = ScenarioCatalog.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("built-in scenario " + resource + " missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every built-in scenario, in {@link #NAMES} order. */
  public static List<Scenario> all() {
    return NAMES.stream().map(ScenarioCatalog::builtIn).toList();
  }
}
