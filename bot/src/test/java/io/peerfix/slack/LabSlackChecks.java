package io.peerfix.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerfix.exec.CommandResult;
import io.peerfix.exec.ProcessCommandRunner;
import io.peerfix.fix.ApprovalPolicy;
import io.peerfix.fixstore.LabFixStore;
import io.peerfix.lab.Lab;
import io.peerfix.lab.LabPaths;
import io.peerfix.orchestration.LabEnvironments;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * What the lab tests of the bot check beyond Slack: a lab's nat rules, the address the database
 * sees a pod connect from, the lab's fix store, the buttons of a message's blocks.
 */
final class LabSlackChecks {
  static final ProcessCommandRunner RUNNER = new ProcessCommandRunner();
  static final Lab LAB = new Lab(RUNNER, LabPaths.standard(), Clock.systemUTC());
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private LabSlackChecks() {}

  /** A lab name no other run uses: {@code prefix} and five random letters. */
  static String uniqueName(String prefix) {
    SecureRandom random = new SecureRandom();
    StringBuilder name = new StringBuilder(prefix);
    for (int i = 0; i < 5; i++) {
      name.append((char) ('a' + random.nextInt(26)));
    }
    return name.toString();
  }

  /**
   * The listeners {@code serve --lab} wires over lab {@code labName}: its diagnoses and fixes, a 2
   * s probe timeout, message updates coalesced at 200 ms.
   */
  static PeerfixListeners labListeners(String labName, ApprovalPolicy policy) {
    ServeBackend backend =
        ServeBackend.lab(
            LabEnvironments.opener(),
            LabPaths.standard(),
            labName,
            policy,
            io.peerfix.config.SlackConfig.none(),
            Duration.ofSeconds(2),
            Clock.systemUTC());
    return new PeerfixListeners(
        backend.diagnoses(),
        Optional.of(backend.fixes()),
        SlackCalls.standard(),
        Clock.systemUTC(),
        Duration.ofMillis(200),
        Duration.ofMillis(250));
  }

  static LabFixStore store(String labName) {
    return new LabFixStore(LabPaths.standard().stateDir(labName));
  }

  static Optional<JsonNode> button(JsonNode blocks, String actionId) {
    return blocks.findValues("elements").stream()
        .flatMap(e -> StreamSupport.stream(e.spliterator(), false))
        .filter(e -> actionId.equals(e.path("action_id").asText()))
        .findFirst();
  }

  /** The {@code -A} lines of {@code member}'s nat table. */
  static List<String> natRules(String labName, String member) {
    CommandResult save =
        RUNNER.run(
            List.of(
                "ip",
                "netns",
                "exec",
                LAB.namespaceOf(labName, member),
                "iptables-save",
                "-t",
                "nat"),
            TIMEOUT);
    return save.orThrow().stdout().lines().filter(l -> l.startsWith("-A")).toList();
  }

  /** The address the database sees pod1's connection from, or empty when it cannot connect. */
  static String databaseSeesPod1(String labName) {
    CommandResult psql =
        RUNNER.run(
            List.of(
                "ip",
                "netns",
                "exec",
                LAB.namespaceOf(labName, "pod1"),
                "psql",
                "host=10.0.5.20 port=5432 user=postgres dbname=postgres connect_timeout=3",
                "-Atc",
                "select inet_client_addr()"),
            TIMEOUT);
    return psql.ok() ? psql.stdout().strip() : "";
  }

  /** A message the bot sent as JSON. */
  static JsonNode json(String message) {
    try {
      return JSON.readTree(message);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("the bot sent a message that is not JSON: " + message, e);
    }
  }
}
