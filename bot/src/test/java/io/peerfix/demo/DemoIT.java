package io.peerfix.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerfix.exec.CommandResult;
import io.peerfix.exec.ProcessCommandRunner;
import io.peerfix.lab.LabPaths;
import io.peerfix.lab.Netns;
import io.peerfix.testing.PeerfixJar;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job, {@code peerfix demo}, through the jar on the real kernel: it must find the
 * scenario's root cause, show the bot's Slack message with the Approve button for the digest it
 * then approves, fix the nodes through the agents (canary first), prove the fix from the database's
 * side, revert it through the revert path so the pods fail again, and leave nothing, also when
 * interrupted. Run it one at a time with other demo runs (it builds a lab).
 */
class DemoIT {
  private static final Pattern SHOWN_DIGEST =
      Pattern.compile("\\| Node fix `(fix-[0-9a-f]{12})` for 2 nodes \\(digest `([0-9a-f]{12})`");

  private final String lab = "pfd" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  private final Netns netns = new Netns(new ProcessCommandRunner());

  @AfterEach
  void removeLab() {
    PeerfixJar.run("lab", "down", "--name", lab);
  }

  @Test
  void seedIncidentDemoShowsTheSlackMessageFixesVerifiesRevertsAndLeavesNothing() {
    CommandResult demo = PeerfixJar.run("demo", "--name", lab, "--timeout", "1s");

    String out = demo.stdout();
    assertThat(demo.exitCode()).as(out + demo.stderr()).isZero();
    String slack = section(out, "== 2. ", "== 3. ");
    String apply = section(out, "== 3. ", "== 4. ");
    String verify = section(out, "== 4. ", "== 5. ");
    String revert = section(out, "== 5. ", "== 6. ");
    String after = section(out, "== 6. ", "== Lab " + lab + " removed ==");

    // The Slack conversation: progress first, then the message with its evidence and buttons.
    assertThat(slack.indexOf("... probe 2 of 2 answered"))
        .isPositive()
        .isLessThan(slack.indexOf("| (X) rds-prod: POD_SOURCE_NOT_MASQUERADED"));
    assertThat(slack)
        .contains("| Evidence")
        .contains("`-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE` does not match 10.0.5.20")
        .contains("|     -d 10.0.5.20/32 -o eth0 -j MASQUERADE")
        .contains("| [ Approve ]  [ Dismiss ]")
        .contains("on 2 nodes (canary first)?")
        .contains("peerfix found POD_SOURCE_NOT_MASQUERADED");
    Matcher shown = SHOWN_DIGEST.matcher(slack);
    assertThat(shown.find()).as(slack).isTrue();
    String fix = shown.group(1);
    String digest = shown.group(2);
    assertThat(fix).isEqualTo("fix-" + digest);

    // The press names the digest the message showed; the agents apply, the canary first.
    assertThat(apply)
        .contains("[Approve] pressed by demo-approver for digest " + digest)
        .contains("fix " + fix + ": VERIFIED")
        .contains("| (v) Approved by @demo-approver at ")
        .contains("| State: verified: pods reach the target");
    int canary =
        apply.indexOf(
            "ip-172-20-1-10 (canary): APPLIED (peerfix's rule decides: source becomes 172.20.1.10)");
    assertThat(canary).isPositive();
    assertThat(
            apply.indexOf(
                "ip-172-20-1-11: APPLIED (peerfix's rule decides: source becomes 172.20.1.11)"))
        .isGreaterThan(canary);

    assertThat(verify)
        .contains("pod1 -> database: the server sees the connection from 172.20.1.10")
        .contains("pod2 -> database: the server sees the connection from 172.20.1.11")
        .contains("after the fix peerfix finds HEALTHY");

    assertThat(revert)
        .contains("ip-172-20-1-10 (canary): REVERTED")
        .contains("ip-172-20-1-11: REVERTED")
        .contains("fix " + fix + ": REVERTED on every node")
        .contains("| State: reverted");

    assertThat(after)
        .contains("ip-172-20-1-10: pod probe timed out, pod source 10.244.1.5 leaves as 10.244.1.5")
        .contains("ip-172-20-1-11: pod probe timed out, pod source 10.244.2.5 leaves as 10.244.2.5")
        .contains("after the revert peerfix finds POD_SOURCE_NOT_MASQUERADED again");
    assertThat(netns.list()).noneMatch(ns -> ns.startsWith(lab + "-"));
    assertThat(LabPaths.standard().stateDir(lab)).doesNotExist();
  }

  @Test
  void demoOfACauseOutsideTheNodesAppliesNoNodeFixAndShowsNoApproveButton() {
    CommandResult demo =
        PeerfixJar.run("demo", "--scenario", "sg-blocks", "--name", lab, "--timeout", "1s");

    assertThat(demo.exitCode()).as(demo.stdout() + demo.stderr()).isZero();
    assertThat(demo.stdout())
        .contains("peerfix found SECURITY_GROUP_BLOCKS")
        .contains("| (X) rds-prod: SECURITY_GROUP_BLOCKS")
        .contains("No node fix applies")
        .doesNotContain("[ Approve ]")
        .doesNotContain("== 5. ");
    assertThat(netns.list()).noneMatch(ns -> ns.startsWith(lab + "-"));
  }

  @Test
  void ctrlCWhileTheAgentsApplyTheFixLeavesNothing(@TempDir Path dir) throws Exception {
    Path outFile = dir.resolve("out");
    // setsid: the demo leads its own process group, so the test signals it as a terminal does.
    Process demo =
        new ProcessBuilder(
                List.of("setsid", "java", "-jar", PeerfixJar.path(), "demo", "--name", lab))
            .redirectOutput(outFile.toFile())
            .redirectError(dir.resolve("err").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> Files.readString(outFile, StandardCharsets.UTF_8).contains("== 3. "));

    new ProcessCommandRunner()
        .run(List.of("kill", "-INT", "--", "-" + demo.pid()), Duration.ofSeconds(5))
        .orThrow();

    assertThat(demo.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(outFile, StandardCharsets.UTF_8))
        .contains("Lab " + lab + " removed");
    assertThat(netns.list()).noneMatch(ns -> ns.startsWith(lab + "-"));
    assertThat(LabPaths.standard().stateDir(lab)).doesNotExist();
  }

  @Test
  void withoutPrivilegesTheDemoSaysWhatItNeedsAndBuildsNothing() {
    List<String> argv =
        new ArrayList<>(List.of("setpriv", "--bounding-set=-all", "--inh-caps=-all", "--"));
    argv.addAll(List.of("java", "-jar", PeerfixJar.path(), "demo", "--name", lab));

    CommandResult demo = new ProcessCommandRunner().run(argv, Duration.ofSeconds(60));

    assertThat(demo.exitCode()).isEqualTo(2);
    assertThat(demo.stderr()).contains("demo needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN)");
    assertThat(demo.stdout()).doesNotContain("== 1. ");
    assertThat(netns.list()).noneMatch(ns -> ns.startsWith(lab + "-"));
  }

  @Test
  void unknownScenarioIsBadInputAndBuildsNothing() {
    CommandResult demo = PeerfixJar.run("demo", "--scenario", "no-such-thing", "--name", lab);

    assertThat(demo.exitCode()).isEqualTo(2);
    assertThat(demo.stderr()).contains("no-such-thing");
    assertThat(netns.list()).noneMatch(ns -> ns.startsWith(lab + "-"));
  }

  /** The text between two markers (each must be there, in this order). */
  private static String section(String text, String from, String to) {
    int start = text.indexOf(from);
    int end = text.indexOf(to, Math.max(start, 0));
    assertThat(start).as("%s in:%n%s", from, text).isNotNegative();
    assertThat(end).as("%s in:%n%s", to, text).isGreaterThan(start);
    return text.substring(start, end);
  }
}
