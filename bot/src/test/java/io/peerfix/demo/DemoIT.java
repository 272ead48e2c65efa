package io.peerfix.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.exec.CommandResult;
import io.peerfix.exec.ProcessCommandRunner;
import io.peerfix.lab.Netns;
import io.peerfix.testing.PeerfixJar;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's main job, {@code peerfix demo}, through the jar on the real kernel: it must find the
 * scenario's root cause, fix the nodes, prove the fix from the database's side, and leave nothing.
 */
class DemoIT {
  private final String lab = "pfd" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  private final Netns netns = new Netns(new ProcessCommandRunner());

  @AfterEach
  void removeLab() {
    PeerfixJar.run("lab", "down", "--name", lab);
  }

  @Test
  void seedIncidentDemoFindsTheCauseFixesTheNodesAndTheServerSeesNodeAddresses() {
    CommandResult demo = PeerfixJar.run("demo", "--name", lab, "--timeout", "1s");

    assertThat(demo.exitCode()).as(demo.stdout() + demo.stderr()).isZero();
    assertThat(demo.stdout())
        .contains("peerfix found POD_SOURCE_NOT_MASQUERADED")
        .contains("[Approve] pressed by demo-approver")
        .contains("ip-172-20-1-10: APPLIED (peerfix's rule decides: source becomes 172.20.1.10)")
        .contains("ip-172-20-1-11: APPLIED (peerfix's rule decides: source becomes 172.20.1.11)")
        .containsPattern("fix fix-[0-9a-f]{12}: VERIFIED")
        .contains("pod1 -> database: the server sees the connection from 172.20.1.10")
        .contains("pod2 -> database: the server sees the connection from 172.20.1.11")
        .contains("after the fix peerfix finds HEALTHY");
    assertThat(netns.list()).noneMatch(ns -> ns.startsWith(lab + "-"));
  }

  @Test
  void demoOfACauseOutsideTheNodesAppliesNoNodeFix() {
    CommandResult demo =
        PeerfixJar.run("demo", "--scenario", "sg-blocks", "--name", lab, "--timeout", "1s");

    assertThat(demo.exitCode()).as(demo.stdout() + demo.stderr()).isZero();
    assertThat(demo.stdout())
        .contains("peerfix found SECURITY_GROUP_BLOCKS")
        .contains("No node fix applies")
        .doesNotContain("-> applied");
    assertThat(netns.list()).noneMatch(ns -> ns.startsWith(lab + "-"));
  }

  @Test
  void unknownScenarioIsBadInputAndBuildsNothing() {
    CommandResult demo = PeerfixJar.run("demo", "--scenario", "no-such-thing", "--name", lab);

    assertThat(demo.exitCode()).isEqualTo(2);
    assertThat(demo.stderr()).contains("no-such-thing");
    assertThat(netns.list()).noneMatch(ns -> ns.startsWith(lab + "-"));
  }
}
