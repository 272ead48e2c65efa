package io.peerfix.agent;

import static io.peerfix.fix.FixFixtures.POLICY;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.approval.FixGuard;
import io.peerfix.exec.CommandRunner;
import io.peerfix.fix.Actor;
import io.peerfix.fix.AllowedDestinations;
import io.peerfix.fix.FixNodeGroup;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.fix.NatRule;
import io.peerfix.fix.NodeFix;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeSelector;
import io.peerfix.fix.Rollout;
import io.peerfix.fixstore.LabFixStore;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.testing.TempNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
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
  private static final String NODE = "ip-172-20-1-10";
  private static final String BEFORE =
      "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
          + ":POSTROUTING ACCEPT [0:0]\n"
          + "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE\nCOMMIT\n";
  private static final AllowedDestinations ALLOWED =
      new AllowedDestinations(
          Ipv4.parse("10.0.5.20"),
          List.of(Cidr.parse("10.0.0.0/16")),
          List.of(Cidr.parse("10.244.0.0/16"), Cidr.parse("172.20.0.0/16")));

  @TempDir Path state;
  private TempNamespace ns;
  private Path lock;
  private LabFixStore store;

  @BeforeEach
  void node() throws Exception {
    ns = new TempNamespace();
    ns.vethPair("eth0", "vpc0");
    ns.ip("addr", "add", "172.20.1.10/16", "dev", "eth0");
    ns.ip("link", "add", "cbr0", "type", "bridge");
    ns.ip("addr", "add", "10.244.1.1/24", "dev", "cbr0");
    ns.ip("link", "set", "cbr0", "up");
    ns.execOk(BEFORE, "iptables-nft-restore");
    lock = Files.createTempFile(state, "xtables", ".lock");
    store = new LabFixStore(state);
  }

  @AfterEach
  void removeTheNode() {
    ns.close();
  }

  private int agentOnce() {
    CommandRunner inside = (argv, stdin, timeout) -> ns.exec(argv, stdin, timeout);
    return new CommandLine(new RunCommand(inside, Clock.systemUTC()))
        .execute(
            "--lab-store",
            state.toString(),
            "--node-name",
            NODE,
            "--lock-file",
            lock.toString(),
            "--once");
  }

  private static NodeFix nodeFix(NatRule rule) {
    return NodeFix.of(
        "rds-prod", "diag-1", List.of(rule), List.of(new FixNodeGroup("fp-a", List.of(NODE))));
  }

  private NodeFixState state(FixRecord fix) {
    return store.nodeStatuses(fix.name()).stream()
        .filter(s -> s.node().equals(NODE))
        .findFirst()
        .orElseThrow()
        .state();
  }

  private String nat() {
    return ns.execOk("", "iptables-nft-save", "-t", "nat");
  }

  @Test
  void aFixTheAgentRefusesMakesTheOnePassExitOne() {
    Instant now = Instant.now();
    FixRecord direct =
        FixRecord.proposed(
                nodeFix(NatRule.masquerade(Cidr.parse("0.0.0.0/0"), "eth0")),
                NodeSelector.all(),
                ALLOWED,
                "U-MALLORY",
                now,
                now.plusSeconds(600))
            .withState(FixState.APPROVED)
            .withRollout(Rollout.ALL);
    store.create(direct);

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
    ns.execOk(
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
    FixGuard guard = new FixGuard(store, POLICY, Clock.systemUTC());
    FixRecord proposed =
        guard
            .propose(
                nodeFix(NatRule.masquerade(Cidr.parse("10.0.5.20/32"), "eth0")),
                NodeSelector.all(),
                ALLOWED,
                Actor.user("U-BOB"))
            .record();
    FixRecord fix =
        guard.approve(proposed.name(), Actor.user("U-ALICE"), proposed.digest()).record();
    return fix;
  }
}
