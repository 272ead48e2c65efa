package io.peerfix.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.fix.FixFixtures;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.fix.NatRule;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeSelector;
import io.peerfix.fix.Rollout;
import io.peerfix.net.Cidr;
import io.peerfix.testing.LabNodeWithFix;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code peerfix agent run --lab-store DIR --once} on the real kernel (a namespace built like a
 * kubenet node): its exit code says whether the fixes for its node are in effect, as the statuses
 * it wrote say.
 */
class AgentRunOnceIT {
  @TempDir Path state;
  private LabNodeWithFix node;

  @BeforeEach
  void node() {
    node = LabNodeWithFix.builder().labStore(state).build();
  }

  @AfterEach
  void removeTheNode() {
    node.close();
  }

  private int agentOnce() {
    return new CommandLine(new RunCommand(node.inside(), Clock.systemUTC()))
        .execute(
            "--lab-store",
            state.toString(),
            "--node-name",
            LabNodeWithFix.NODE,
            "--lock-file",
            node.lock().toString(),
            "--once");
  }

  private NodeFixState state(FixRecord fix) {
    return node.status(fix).state();
  }

  private String nat() {
    return node.nat();
  }

  @Test
  void aFixTheAgentRefusesMakesTheOnePassExitOne() {
    Instant now = Instant.now();
    FixRecord direct =
        FixRecord.proposed(
                LabNodeWithFix.nodeFix(
                    NatRule.masquerade(Cidr.parse("0.0.0.0/0"), "eth0"), LabNodeWithFix.NODE),
                NodeSelector.all(),
                FixFixtures.ALLOWED,
                "U-MALLORY",
                now,
                now.plusSeconds(600))
            .withState(FixState.APPROVED)
            .withRollout(Rollout.ALL);
    node.store().create(direct);

    assertThat(agentOnce()).isEqualTo(1);

    assertThat(state(direct)).isEqualTo(NodeFixState.FAILED);
    assertThat(nat()).doesNotContain("PEERFIX");
  }

  @Test
  void aFixAppliedOnThisNodeMakesTheOnePassExitZero() {
    FixRecord fix = approvedFix();

    assertThat(agentOnce()).isZero();

    assertThat(state(fix)).isEqualTo(NodeFixState.APPLIED);
  }

  @Test
  void aFixOverriddenByARuleAboveTheJumpMakesTheOnePassExitOne() {
    FixRecord fix = approvedFix();
    assertThat(agentOnce()).isZero();
    // A Calico-style insert above peerfix's jump: the pod's packet leaves unmasqueraded first.
    node.execOk(
        "",
        "iptables-nft",
        "-w",
        "-t",
        "nat",
        "-I",
        "POSTROUTING",
        "1",
        "-s",
        "10.244.0.0/16",
        "-d",
        "10.0.0.0/8",
        "-j",
        "RETURN");

    assertThat(agentOnce()).isEqualTo(1);

    assertThat(state(fix)).isEqualTo(NodeFixState.OVERRIDDEN);
  }

  /** The seed incident's fix for the database address, proposed by Bob and approved by Alice. */
  private FixRecord approvedFix() {
    return node.approve(FixFixtures.RDS_RULE);
  }
}
