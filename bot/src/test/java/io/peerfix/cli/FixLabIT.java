package io.peerfix.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerfix.exec.CommandResult;
import io.peerfix.exec.ProcessCommandRunner;
import io.peerfix.lab.Lab;
import io.peerfix.lab.LabPaths;
import io.peerfix.lab.ScenarioCatalog;
import io.peerfix.testing.PeerfixJar;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The seed incident fixed through the real agent path: a lab whose node namespaces run {@code
 * peerfix agent run}, and {@code peerfix fix ...} through the jar's front door. The tests run in
 * order on one lab: refusals change nothing, an approval is applied on every node and verified by
 * pod probes, a table restored to its state before the fix is repaired, revert removes exactly
 * peerfix's rules, and a Calico-style insert above the jump stops the rollout at its canary.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FixLabIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ProcessCommandRunner RUNNER = new ProcessCommandRunner();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String BEFORE =
      "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
          + ":POSTROUTING ACCEPT [0:0]\n"
          + "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE\nCOMMIT\n";
  private static String labName;
  private static Lab lab;
  private static String fixName;
  private static String digest;

  @BeforeAll
  static void up() {
    SecureRandom random = new SecureRandom();
    StringBuilder name = new StringBuilder("pff");
    for (int i = 0; i < 6; i++) {
      name.append((char) ('a' + random.nextInt(26)));
    }
    labName = name.toString();
    lab = new Lab(RUNNER, LabPaths.standard(), Clock.systemUTC());
    lab.up(
        labName,
        ScenarioCatalog.builtIn("seed-incident"),
        ScenarioCatalog.text("seed-incident"),
        2);
  }

  @AfterAll
  static void down() {
    lab.down(labName);
  }

  private static CommandResult fix(String... args) {
    List<String> all = new ArrayList<>(List.of("fix"));
    all.addAll(List.of(args));
    all.addAll(List.of("--lab", "--lab-name", labName));
    return PeerfixJar.run(all.toArray(String[]::new));
  }

  private static JsonNode json(CommandResult run) throws Exception {
    assertThat(run.exitCode()).as(run.stderr() + run.stdout()).isEqualTo(0);
    return JSON.readTree(run.stdout());
  }

  private static String ns(String member) {
    return lab.namespaceOf(labName, member);
  }

  private static List<String> natRules(String member) {
    CommandResult save =
        RUNNER.run(
            List.of("ip", "netns", "exec", ns(member), "iptables-save", "-t", "nat"), TIMEOUT);
    return save.orThrow()
        .stdout()
        .lines()
        .filter(l -> l.startsWith("-A") || l.startsWith(":"))
        .map(l -> l.replaceAll(" \\[\\d+:\\d+\\]$", ""))
        .toList();
  }

  private static void inNode(String member, String stdin, String... argv) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns(member)));
    full.addAll(List.of(argv));
    RUNNER.run(full, stdin, TIMEOUT).orThrow();
  }

  /** The address the database sees pod1's connection from, or empty when it cannot connect. */
  private static String databaseSeesPod1() {
    CommandResult psql =
        RUNNER.run(
            List.of(
                "ip",
                "netns",
                "exec",
                ns("pod1"),
                "psql",
                "host=10.0.5.20 port=5432 user=postgres dbname=postgres connect_timeout=3",
                "-Atc",
                "select inet_client_addr()"),
            TIMEOUT);
    return psql.ok() ? psql.stdout().strip() : "";
  }

  @Test
  @Order(1)
  void planStoresAProposalWithItsDigestRulesAndNodes() throws Exception {
    JsonNode plan = json(fix("plan", "rds-prod", "--as", "U-BOB", "--json"));
    fixName = plan.get("name").asText();
    digest = plan.get("digest").asText();
    assertThat(plan.get("state").asText()).isEqualTo("PROPOSED");
    assertThat(digest).matches("sha256:[0-9a-f]{64}");
    assertThat(plan.get("rules").get(0).get("iptables").asText())
        .isEqualTo("-d 10.0.5.20/32 -o eth0 -j MASQUERADE");
    assertThat(plan.get("nodes").fieldNames())
        .toIterable()
        .containsExactly("ip-172-20-1-10", "ip-172-20-1-11");
    assertThat(json(fix("list", "--json")).get(0).get("name").asText()).isEqualTo(fixName);
  }

  @Test
  @Order(2)
  void refusedApprovalsExitThreeWithTheReasonAndChangeNoNode() {
    CommandResult stranger = fix("approve", fixName, "--digest", digest, "--as", "U-MALLORY");
    assertThat(stranger.exitCode()).isEqualTo(3);
    assertThat(stranger.stderr()).contains("not one of the configured approvers");
    CommandResult tampered =
        fix("approve", fixName, "--digest", "sha256:" + "0".repeat(64), "--as", "demo-approver");
    assertThat(tampered.exitCode()).isEqualTo(3);
    assertThat(tampered.stderr()).contains("the fix changed since it was shown");
    CommandResult self =
        fix("plan", "rds-prod", "--as", "demo-approver", "--nodes", "named", "--json");
    assertThat(self.exitCode()).isZero();
    String own = self.stdout().replaceAll("(?s).*\"name\":\"([^\"]+)\".*", "$1");
    String ownDigest = self.stdout().replaceAll("(?s).*\"digest\":\"([^\"]+)\".*", "$1");
    CommandResult selfApproval =
        fix("approve", own, "--digest", ownDigest, "--as", "demo-approver");
    assertThat(selfApproval.exitCode()).isEqualTo(3);
    assertThat(selfApproval.stderr()).contains("may not approve it");
    assertThat(fix("approve", fixName, "--digest", digest).exitCode()).isEqualTo(2);
    for (String node : List.of("node1", "node2")) {
      assertThat(natRules(node)).noneMatch(l -> l.contains("PEERFIX"));
    }
    assertThat(databaseSeesPod1()).isEmpty();
  }

  @Test
  @Order(3)
  void anApprovalIsAppliedByTheAgentsOnEveryNodeAndVerified() throws Exception {
    JsonNode approved =
        json(fix("approve", fixName, "--digest", digest, "--as", "demo-approver", "--json"));
    assertThat(approved.get("state").asText()).isEqualTo("VERIFIED");
    assertThat(approved.get("nodes").get("ip-172-20-1-10").asText()).isEqualTo("APPLIED");
    assertThat(approved.get("nodes").get("ip-172-20-1-11").asText()).isEqualTo("APPLIED");
    assertThat(databaseSeesPod1()).isEqualTo("172.20.1.10");
    CommandResult again =
        fix("approve", fixName, "--digest", digest, "--as", "demo-approver", "--no-wait");
    assertThat(again.exitCode()).isZero();
  }

  @Test
  @Order(4)
  void aNodeTableRestoredToItsStateBeforeTheFixIsRepairedWithinFifteenSeconds() throws Exception {
    List<String> applied = natRules("node1");
    inNode("node1", BEFORE, "iptables-restore");
    assertThat(natRules("node1")).noneMatch(l -> l.contains("PEERFIX"));
    await().atMost(Duration.ofSeconds(15)).until(() -> natRules("node1").equals(applied));
    // The count is written in the repairing pass; each look is a new JVM, slow on a loaded machine.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                json(fix("show", fixName, "--json"))
                        .get("nodeDetails")
                        .get(0)
                        .get("repairs")
                        .asInt()
                    == 1);
  }

  @Test
  @Order(5)
  void revertRemovesExactlyPeerfixsRulesAndLeavesOthersAndPodsTimeOutAgain() throws Exception {
    inNode(
        "node1",
        "",
        "iptables",
        "-t",
        "nat",
        "-A",
        "POSTROUTING",
        "-d",
        "10.0.9.9/32",
        "-o",
        "eth0",
        "-j",
        "MASQUERADE");
    List<String> before = natRules("node1");
    JsonNode reverted = json(fix("revert", fixName, "--as", "demo-approver", "--json"));
    assertThat(reverted.get("state").asText()).isEqualTo("REVERTED");
    assertThat(reverted.get("nodes").get("ip-172-20-1-10").asText()).isEqualTo("REVERTED");
    List<String> expected =
        before.stream().filter(l -> !l.contains("peerfix:") && !l.startsWith(":PEERFIX-")).toList();
    assertThat(natRules("node1"))
        .isEqualTo(expected)
        .contains("-A POSTROUTING -d 10.0.9.9/32 -o eth0 -j MASQUERADE");
    assertThat(databaseSeesPod1()).isEmpty();
  }

  @Test
  @Order(6)
  void aCalicoStyleInsertAboveTheJumpStopsTheRolloutAtTheCanaryAsOverridden() throws Exception {
    inNode("node1", "", "iptables", "-t", "nat", "-N", "cali-POSTROUTING");
    inNode(
        "node1",
        "",
        "iptables",
        "-t",
        "nat",
        "-A",
        "cali-POSTROUTING",
        "-d",
        "10.0.0.0/16",
        "-m",
        "comment",
        "--comment",
        "cali:Z-c7XtVd2Bq7s_hA",
        "-j",
        "ACCEPT");
    JsonNode plan = json(fix("plan", "rds-prod", "--as", "U-BOB", "--json"));
    // node1's table differs now (Calico's chain), so its NAT group and the fix's digest are new.
    fixName = plan.get("name").asText();
    assertThat(plan.get("state").asText()).isEqualTo("PROPOSED");
    assertThat(plan.get("canaries")).hasSize(2);
    String shown = plan.get("digest").asText();
    assertThat(
            fix("approve", fixName, "--digest", shown, "--as", "demo-approver", "--no-wait")
                .exitCode())
        .isZero();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> "APPLIED".equals(nodeState("ip-172-20-1-10")));
    // Felix in insert mode re-takes the top of POSTROUTING, above peerfix's jump.
    inNode(
        "node1",
        "",
        "iptables",
        "-t",
        "nat",
        "-I",
        "POSTROUTING",
        "1",
        "-m",
        "comment",
        "--comment",
        "cali:O3lYWMrLQYEMJtB5",
        "-j",
        "cali-POSTROUTING");
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> "OVERRIDDEN".equals(nodeState("ip-172-20-1-10")));
    CommandResult follow =
        fix("approve", fixName, "--digest", shown, "--as", "demo-approver", "--json");
    assertThat(follow.exitCode()).as(follow.stderr()).isEqualTo(1);
    JsonNode stopped = JSON.readTree(follow.stdout().lines().findFirst().orElseThrow());
    assertThat(stopped.get("state").asText()).isEqualTo("NOT_VERIFIED");
    assertThat(stopped.get("rollout").asText()).isEqualTo("CANARY");
    JsonNode node1 = stopped.get("nodeDetails").get(0);
    assertThat(node1.get("manager").asText()).isEqualTo("Calico Felix");
    assertThat(node1.get("decidingRule").asText())
        .contains("cali:Z-c7XtVd2Bq7s_hA")
        .contains("-j ACCEPT");
    // node2 is the canary of its own group, where peerfix's rule does decide.
    assertThat(stopped.get("nodes").get("ip-172-20-1-11").asText()).isEqualTo("APPLIED");
    assertThat(fix("revert", fixName, "--as", "demo-approver").exitCode()).isZero();
    assertThat(natRules("node1")).noneMatch(l -> l.contains("peerfix:"));
    assertThat(natRules("node2")).noneMatch(l -> l.contains("peerfix:"));
  }

  private static String nodeState(String node) throws Exception {
    return json(fix("show", fixName, "--json")).get("nodes").get(node).asText();
  }
}
