package io.peerfix.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerfix.exec.CommandResult;
import io.peerfix.exec.ProcessCommandRunner;
import io.peerfix.lab.Lab;
import io.peerfix.lab.LabLayout;
import io.peerfix.lab.LabPaths;
import io.peerfix.lab.Netns;
import io.peerfix.lab.Scenario;
import io.peerfix.lab.ScenarioCatalog;
import io.peerfix.lab.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The proof on the real kernel: for every built-in scenario, {@code peerfix diagnose} (the jar,
 * through its front door) names the scenario's expected root cause; where it proposes a node fix,
 * applying that fix by hand on every lab node makes every pod connect, and a second diagnosis says
 * HEALTHY. Each lab gets a unique name and is removed even when the test fails.
 */
class LabDiagnosisIT {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ProcessCommandRunner RUNNER = new ProcessCommandRunner();

  static List<String> scenarios() {
    return ScenarioCatalog.NAMES;
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void diagnosisNamesTheExpectedRootCauseAndItsNodeFixMakesPodsConnect(String name)
      throws Exception {
    Scenario scenario = ScenarioCatalog.builtIn(name);
    String labName = uniqueName();
    Lab lab = new Lab(RUNNER, LabPaths.standard(), Clock.systemUTC());
    int nodes = scenario.cluster().nodes();
    try {
      lab.up(labName, scenario, ScenarioCatalog.text(name), nodes);
      JsonNode first = diagnose(labName, scenario);
      System.out.printf(
          "%s: %s %s in %d ms%n",
          name,
          first.get("rootCause").asText(),
          first.get("confidence").asText(),
          first.get("millis").asLong());

      assertThat(first.get("rootCause").asText())
          .as("evidence: %s", first.get("evidence"))
          .isEqualTo(scenario.expect().rootCause().name());
      assertDecidingRule(scenario, first);

      JsonNode nodeFix = nodeFix(first);
      if (nodeFix != null) {
        applyOnEveryNode(labName, nodes, nodeFix);
        JsonNode after = diagnose(labName, scenario);
        assertThat(after.get("nodes"))
            .allSatisfy(n -> assertThat(n.get("podProbe").asText()).isEqualTo("CONNECTED"));
        assertThat(after.get("rootCause").asText()).isEqualTo("HEALTHY");
      }
    } finally {
      lab.down(labName);
    }
  }

  static List<Path> otherPlans() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/diagnosis-plans"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  /**
   * The same situations written with another address plan (cluster 10.60/16, pods 172.28/16, peer
   * 192.168.64/18, port 15432), built through {@code --scenario-file}: the same answers.
   */
  @ParameterizedTest
  @MethodSource("otherPlans")
  void scenarioFilesWithAnotherAddressPlanGiveTheSameAnswers(Path file) throws Exception {
    Scenario scenario = ScenarioLoader.fromFile(file);
    String labName = uniqueName();
    Lab lab = new Lab(RUNNER, LabPaths.standard(), Clock.systemUTC());
    try {
      JsonNode first = diagnose(labName, scenario, "--scenario-file", file.toString());
      System.out.printf(
          "%s: %s %s in %d ms%n",
          file.getFileName(),
          first.get("rootCause").asText(),
          first.get("confidence").asText(),
          first.get("millis").asLong());

      assertThat(first.get("rootCause").asText())
          .as("evidence: %s", first.get("evidence"))
          .isEqualTo(scenario.expect().rootCause().name());
      assertDecidingRule(scenario, first);

      JsonNode nodeFix = nodeFix(first);
      if (nodeFix != null) {
        // diagnose --scenario-file removes its lab at the end: build it again to apply the fix.
        CommandResult up =
            peerfix("lab", "up", "--scenario-file", file.toString(), "--name", labName);
        assertThat(up.exitCode()).as("stderr: %s", up.stderr()).isZero();
        applyOnEveryNode(labName, scenario.cluster().nodes(), nodeFix);
        assertThat(diagnose(labName, scenario).get("rootCause").asText()).isEqualTo("HEALTHY");
      }
    } finally {
      lab.down(labName);
    }
  }

  /**
   * Every node names the scenario's expected deciding rule (read back from the kernel by
   * iptables-save), and the evidence quotes it.
   */
  private static void assertDecidingRule(Scenario scenario, JsonNode diagnosis) {
    String expected = scenario.expect().decidingRule();
    if (expected == null) {
      return;
    }
    assertThat(diagnosis.get("nodes"))
        .isNotEmpty()
        .allSatisfy(n -> assertThat(n.get("natDecidingRule").asText()).isEqualTo(expected));
    assertThat(diagnosis.get("evidence"))
        .anySatisfy(e -> assertThat(e.path("rule").path("text").asText()).isEqualTo(expected));
  }

  private static JsonNode diagnose(String labName, Scenario scenario, String... extra)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "diagnose",
                scenario.peer().target().name(),
                "--lab",
                "--lab-name",
                labName,
                "--timeout",
                "2s",
                "--json"));
    args.addAll(List.of(extra));
    CommandResult r = peerfix(args.toArray(String[]::new));
    assertThat(r.exitCode()).as("stderr: %s", r.stderr()).isZero();
    return new ObjectMapper().readTree(r.stdout());
  }

  private static JsonNode nodeFix(JsonNode diagnosis) {
    JsonNode fix = diagnosis.get("nodeFix");
    return fix == null || fix.isNull() ? null : fix;
  }

  /**
   * Inserts the fix's rules first in nat POSTROUTING inside every node's namespace, as a person
   * would by hand; the fix names every node of the lab.
   */
  private static void applyOnEveryNode(String labName, int nodes, JsonNode fix) {
    assertThat(fix.get("nodes")).hasSize(nodes);
    assertThat(fix.get("nodeFixDigest").asText()).startsWith("sha256:");
    LabLayout layout = new LabLayout(labName, nodes);
    Netns netns = new Netns(RUNNER);
    for (JsonNode rule : fix.get("rules")) {
      List<String> argv =
          new ArrayList<>(List.of("iptables", "-t", "nat", "-I", "POSTROUTING", "1"));
      rule.get("iptablesArgs").forEach(a -> argv.add(a.asText()));
      for (int i = 1; i <= nodes; i++) {
        netns.exec(layout.namespaceOf("node" + i), argv, Duration.ofSeconds(10)).orThrow();
      }
    }
  }

  private static CommandResult peerfix(String... args) {
    List<String> argv = new ArrayList<>(List.of("java", "-jar", System.getProperty("peerfix.jar")));
    argv.addAll(List.of(args));
    return RUNNER.run(argv, TIMEOUT);
  }

  private static String uniqueName() {
    StringBuilder name = new StringBuilder("pfd");
    for (int i = 0; i < 6; i++) {
      name.append((char) ('a' + RANDOM.nextInt(26)));
    }
    return name.toString();
  }
}
