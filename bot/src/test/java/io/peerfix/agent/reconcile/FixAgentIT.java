package io.peerfix.agent.reconcile;

import static io.peerfix.fix.FixFixtures.ALLOWED;
import static io.peerfix.fix.FixFixtures.POLICY;
import static io.peerfix.fix.FixFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.approval.FixGuard;
import io.peerfix.exec.CommandRunner;
import io.peerfix.fix.Actor;
import io.peerfix.fix.FixFixtures;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.fix.NatRule;
import io.peerfix.fix.NodeFix;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeSelector;
import io.peerfix.fix.NodeStatus;
import io.peerfix.fix.Rollout;
import io.peerfix.net.Cidr;
import io.peerfix.testing.LabNodeWithFix;
import io.peerfix.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fix agent on the real kernel: a namespace built like a kubenet node (eth0 172.20.1.10/16,
 * cbr0 10.244.1.1/24, kubelet's old rule), a lab fix store, and a clock the test moves.
 */
class FixAgentIT {
  @TempDir Path state;
  private final MutableClock clock = new MutableClock(T0);
  private LabNodeWithFix node;

  @BeforeEach
  void node() {
    node = LabNodeWithFix.builder().labStore(state).clock(clock).build();
  }

  @AfterEach
  void cleanUp() {
    node.close();
  }

  /** Every argv the agent ran, and whether its whole-table reads time out (as on a loaded node). */
  private final List<List<String>> ran = new java.util.concurrent.CopyOnWriteArrayList<>();

  private volatile boolean savesTimeOut;
  private volatile boolean listingsTimeOut;
  private volatile boolean ipTimesOut;

  private FixAgent agent(boolean dryRun) {
    CommandRunner inside =
        (argv, stdin, timeout) -> {
          ran.add(argv);
          if ((savesTimeOut && argv.get(0).endsWith("-save"))
              || (listingsTimeOut && argv.contains("-S"))
              || (ipTimesOut && argv.get(0).equals("ip"))) {
            return new io.peerfix.exec.CommandResult(argv, -1, "", "", true);
          }
          return node.ns().exec(argv, stdin, timeout);
        };
    return node.agent(inside, node.reconciler(inside), dryRun);
  }

  private FixRecord approved(NatRule rule) {
    return node.approve(rule);
  }

  private NodeStatus status(FixRecord fix) {
    return node.status(fix);
  }

  private String nat() {
    return node.nat();
  }

  /**
   * The nat table's chains and rules without the chains' packet counters: a packet the namespace
   * sends on its own (the kernel's, not the test's) moves {@code [0:0]} to {@code [1:40]} and is no
   * change of rules.
   */
  private String rulesAndChains() {
    return nat()
        .lines()
        .filter(l -> l.startsWith("-A") || l.startsWith(":"))
        .map(l -> l.replaceFirst(" \\[\\d+:\\d+\\]$", ""))
        .toList()
        .toString();
  }

  private static final NatRule RDS = FixFixtures.RDS_RULE;

  @Test
  void anApprovedFixIsAppliedAndReportedWithPeerfixsRuleDeciding() {
    FixRecord fix = approved(RDS);
    agent(false).tick();
    NodeStatus status = status(fix);
    assertThat(status.state()).isEqualTo(NodeFixState.APPLIED);
    assertThat(status.decidingRule()).hasValueSatisfying(r -> assertThat(r).contains(fix.name()));
    assertThat(nat()).contains("-j PEERFIX-POSTROUTING").contains("peerfix:" + fix.name() + ":");
  }

  @Test
  void aProposalNotYetApprovedIsNotWritten() {
    node.propose(RDS, NodeSelector.all(), LabNodeWithFix.NODE);
    agent(false).tick();
    assertThat(nat()).doesNotContain("PEERFIX");
  }

  @Test
  void aFlushedTableIsRepairedAtTheNextProbeAndTheRepairCounted() {
    FixRecord fix = approved(RDS);
    FixAgent agent = agent(false);
    agent.tick();
    String applied = nat();
    node.execOk(LabNodeWithFix.KUBELET_TABLE, "iptables-nft-restore");
    assertThat(agent.tick()).isEmpty(); // within the probe interval: not looked at yet
    clock.advance(FixAgent.PROBE_INTERVAL);
    assertThat(agent.tick()).hasValueSatisfying(p -> assertThat(p.wrote()).isTrue());
    assertThat(nat().lines().filter(l -> l.startsWith("-A")).toList())
        .isEqualTo(applied.lines().filter(l -> l.startsWith("-A")).toList());
    assertThat(status(fix).repairs()).isEqualTo(1);
    assertThat(status(fix).state()).isEqualTo(NodeFixState.APPLIED);
  }

  @Test
  void aRepairWhoseFirstPassFailsIsCountedWhenTheRetryPutsTheRulesBack() {
    FixRecord fix = approved(RDS);
    FixAgent agent = agent(false);
    agent.tick();
    node.execOk(LabNodeWithFix.KUBELET_TABLE, "iptables-nft-restore");
    listingsTimeOut = true;
    clock.advance(FixAgent.PROBE_INTERVAL);
    assertThat(agent.tick()).hasValueSatisfying(p -> assertThat(p.error()).isPresent());
    assertThat(status(fix).state()).isEqualTo(NodeFixState.FAILED);
    listingsTimeOut = false;
    tickEverySecondFor(agent, CheckSchedule.RETRY_FIRST.minusSeconds(1));
    assertThat(status(fix).state()).isEqualTo(NodeFixState.FAILED); // the retry is not due yet
    tickEverySecondFor(agent, Duration.ofSeconds(1)); // the retry, 2 s after the failed pass
    assertThat(nat()).contains("peerfix:" + fix.name() + ":");
    assertThat(status(fix).state()).isEqualTo(NodeFixState.APPLIED);
    assertThat(status(fix).repairs()).isEqualTo(1);
  }

  @Test
  void anInspectionThatTimesOutRefusesNothingAndLeavesTheRulesInPlace() {
    FixRecord fix = approved(RDS);
    FixAgent agent = agent(false);
    agent.tick();
    String applied = rulesAndChains();
    ipTimesOut = true;
    clock.advance(FixAgent.FULL_INTERVAL.plus(Duration.ofSeconds(1)));
    Optional<Pass> failed = agent.tick();
    assertThat(rulesAndChains()).isEqualTo(applied);
    assertThat(failed).hasValueSatisfying(p -> assertThat(p.error()).isPresent());
    assertThat(status(fix).state()).isEqualTo(NodeFixState.FAILED);
    assertThat(status(fix).detail()).endsWith("timed out").doesNotContain("refused");
    ipTimesOut = false;
    tickEverySecondFor(agent, CheckSchedule.RETRY_FIRST); // the retry
    assertThat(rulesAndChains()).isEqualTo(applied);
    assertThat(status(fix).state()).isEqualTo(NodeFixState.APPLIED);
  }

  @Test
  void aFixWrittenStraightIntoTheStoreWithAForbiddenRuleIsRefusedByTheAgent() {
    NatRule everywhere = NatRule.masquerade(Cidr.parse("0.0.0.0/0"), "eth0");
    NodeFix forbidden = LabNodeWithFix.nodeFix(everywhere, LabNodeWithFix.NODE);
    FixRecord direct =
        FixRecord.proposed(
                forbidden, NodeSelector.all(), ALLOWED, "U-MALLORY", T0, T0.plusSeconds(60))
            .withState(FixState.APPROVED)
            .withRollout(Rollout.ALL);
    node.store().create(direct);
    agent(false).tick();
    assertThat(status(direct).state()).isEqualTo(NodeFixState.FAILED);
    assertThat(status(direct).detail()).contains("refused").contains("0.0.0.0/0");
    assertThat(nat()).doesNotContain("PEERFIX");
  }

  @Test
  void aRuleOutOfAnInterfaceTheNodeLacksIsRefused() {
    FixRecord fix = approved(NatRule.masquerade(Cidr.parse("10.0.5.20/32"), "eth9"));
    agent(false).tick();
    assertThat(status(fix).state()).isEqualTo(NodeFixState.FAILED);
    assertThat(status(fix).detail()).contains("eth9");
    assertThat(nat()).doesNotContain("PEERFIX");
  }

  @Test
  void revertRemovesExactlyPeerfixsRulesAndReportsReverted() {
    String before = rulesAndChains();
    FixRecord fix = approved(RDS);
    FixAgent agent = agent(false);
    agent.tick();
    new FixGuard(node.store(), POLICY, clock).revert(fix.name(), Actor.user("U-ALICE"));
    agent.tick();
    assertThat(status(fix).state()).isEqualTo(NodeFixState.REVERTED);
    assertThat(rulesAndChains()).isEqualTo(before);
  }

  @Test
  void aDryRunSaysWhatItWouldChangeAndWritesNothing() {
    approved(RDS);
    Optional<Pass> pass = agent(true).tick();
    assertThat(pass.get().changes()).hasSize(3);
    assertThat(pass.get().wrote()).isFalse();
    assertThat(nat()).doesNotContain("PEERFIX");
  }

  @Test
  void theFullCheckRunsAtItsIntervalEvenWithTheTableUnchanged() {
    approved(RDS);
    FixAgent agent = agent(false);
    agent.tick();
    clock.advance(FixAgent.FULL_INTERVAL.plus(Duration.ofSeconds(1)));
    assertThat(agent.tick()).hasValueSatisfying(p -> assertThat(p.inSync()).isTrue());
  }

  private long wholeTableReads() {
    return ran.stream().filter(a -> a.get(0).equals("iptables-nft-save")).count();
  }

  private void tickEverySecondFor(FixAgent agent, Duration span) {
    Instant end = clock.instant().plus(span);
    while (clock.instant().isBefore(end)) {
      clock.advance(Duration.ofSeconds(1));
      agent.tick();
    }
  }

  @Test
  void idleTheAgentProbesTwoChainsEveryThreeSecondsAndNeverReadsTheWholeTable() {
    FixRecord fix = approved(RDS);
    FixAgent agent = agent(false);
    agent.tick();
    assertThat(wholeTableReads()).isEqualTo(1); // the judgement after the write
    ran.clear();
    tickEverySecondFor(agent, FixAgent.FULL_INTERVAL.minusSeconds(2));
    assertThat(wholeTableReads()).isZero();
    assertThat(ran)
        .allSatisfy(a -> assertThat(a).startsWith("iptables-nft", "-w", "-t", "nat", "-S"));
    // 298 s of ticks: a probe every 3 s after the pass's own (99 probes), two listings each.
    assertThat(ran).hasSize(198);
    assertThat(status(fix).state()).isEqualTo(NodeFixState.APPLIED);
  }

  @Test
  void aRuleInsertedAboveTheJumpIsReportedOverriddenAtTheNextProbe() {
    FixRecord fix = approved(RDS);
    FixAgent agent = agent(false);
    agent.tick();
    node.execOk(
        "",
        "iptables-nft",
        "-w",
        "-t",
        "nat",
        "-I",
        "POSTROUTING",
        "1",
        "-d",
        "10.0.0.0/16",
        "-m",
        "comment",
        "--comment",
        "cali:O3lYWMrLQYEMJtB5",
        "-j",
        "ACCEPT");
    clock.advance(FixAgent.PROBE_INTERVAL);
    assertThat(agent.tick()).hasValueSatisfying(p -> assertThat(p.wrote()).isFalse());
    assertThat(status(fix).state()).isEqualTo(NodeFixState.OVERRIDDEN);
    assertThat(status(fix).manager()).isEqualTo(RuleManager.CALICO_FELIX.displayName());
  }

  @Test
  void aWholeTableReadThatTimesOutIsRetriedAfterADoublingPauseNotInALoop() {
    FixRecord fix = approved(RDS);
    FixAgent agent = agent(false);
    savesTimeOut = true;
    agent.tick(); // writes, then cannot judge
    assertThat(status(fix).state()).isEqualTo(NodeFixState.FAILED);
    assertThat(status(fix).detail()).endsWith("timed out");
    assertThat(nat()).contains("peerfix:" + fix.name() + ":");
    tickEverySecondFor(agent, Duration.ofSeconds(60));
    // Retries 2 s after the failure, then 10 s and 20 s after the one before: at 2, 12 and 32 s,
    // the next at 72 s.
    assertThat(wholeTableReads()).isEqualTo(4);
    savesTimeOut = false;
    tickEverySecondFor(agent, Duration.ofSeconds(11));
    assertThat(wholeTableReads()).isEqualTo(4);
    tickEverySecondFor(agent, Duration.ofSeconds(1));
    assertThat(wholeTableReads()).isEqualTo(5);
    assertThat(status(fix).state()).isEqualTo(NodeFixState.APPLIED);
  }
}
