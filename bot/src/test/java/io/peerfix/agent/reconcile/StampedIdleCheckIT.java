package io.peerfix.agent.reconcile;

import static io.peerfix.fix.FixFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.agent.IptablesBackend;
import io.peerfix.fix.FixFixtures;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.NatRule;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeStatus;
import io.peerfix.testing.LabNodeWithFix;
import io.peerfix.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The idle agent with the kernel's stamps of its table, on the real kernel through both back ends,
 * in a namespace built like a kubenet node: while nothing is written it runs no iptables program at
 * all, and a flush, a reboot's restore or a Calico-style insert is seen at the next look (3 s, well
 * within the 15 s repair promise).
 */
class StampedIdleCheckIT {
  private static final NatRule RDS = FixFixtures.RDS_RULE;

  @TempDir Path state;
  private final MutableClock clock = new MutableClock(T0);
  private LabNodeWithFix node;

  private void node(IptablesBackend b) {
    node = LabNodeWithFix.builder().backend(b).labStore(state).clock(clock).build();
  }

  @AfterEach
  void cleanUp() {
    if (node != null) {
      node.close();
    }
  }

  private String program(String suffix) {
    return node.program(suffix);
  }

  private FixAgent agent() {
    TableStamps stamps =
        KernelStamps.open(node.backend(), Optional.of(Path.of("/run/netns", node.ns().name())));
    NatReconciler reconciler = node.reconciler(node.inside(), stamps);
    assertThat(reconciler.changeDetection()).doesNotStartWith("listing the chains at every look");
    return node.agent(node.inside(), reconciler, false);
  }

  private FixRecord approved() {
    return node.approve(RDS);
  }

  private NodeStatus status(FixRecord fix) {
    return node.status(fix);
  }

  private List<String> rules() {
    return node.nat().lines().filter(l -> l.startsWith("-A ")).toList();
  }

  private static List<String> peerfixRules(List<String> rules) {
    return rules.stream().filter(l -> l.contains("peerfix:")).toList();
  }

  private void tickEverySecondFor(FixAgent agent, Duration span) {
    Instant end = clock.instant().plus(span);
    while (clock.instant().isBefore(end)) {
      clock.advance(Duration.ofSeconds(1));
      agent.tick();
    }
  }

  /** The agent applied the fix and has settled: its own write is behind it. */
  private FixAgent applied(FixRecord fix) {
    FixAgent agent = agent();
    agent.tick();
    assertThat(status(fix).state()).isEqualTo(NodeFixState.APPLIED);
    tickEverySecondFor(agent, Duration.ofSeconds(10));
    node.ran().clear();
    return agent;
  }

  @ParameterizedTest
  @EnumSource(names = {"LEGACY", "NFT"})
  void whileTheTableIsUnchangedTheIdleAgentRunsNoIptablesProgram(IptablesBackend b)
      throws Exception {
    node(b);
    FixRecord fix = approved();
    FixAgent agent = applied(fix);
    // Up to just before the full check's interval (5 minutes on a small table).
    tickEverySecondFor(agent, FixAgent.FULL_INTERVAL.minusSeconds(20));
    assertThat(node.ran()).isEmpty();
    assertThat(status(fix).state()).isEqualTo(NodeFixState.APPLIED);
  }

  @ParameterizedTest
  @EnumSource(names = {"LEGACY", "NFT"})
  void aFlushIsRepairedAtTheNextLook(IptablesBackend b) throws Exception {
    node(b);
    FixRecord fix = approved();
    FixAgent agent = applied(fix);
    List<String> peerfixRules = peerfixRules(rules());
    node.execOk("", program(""), "-w", "-t", "nat", "-F", "POSTROUTING");
    clock.advance(FixAgent.PROBE_INTERVAL);
    assertThat(agent.tick()).hasValueSatisfying(p -> assertThat(p.wrote()).isTrue());
    // peerfix's jump and rule are back; kubelet's rule the flush took is not peerfix's to write.
    assertThat(rules()).isEqualTo(peerfixRules);
    assertThat(status(fix).repairs()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(names = {"LEGACY", "NFT"})
  void aRestoreOfTheTableFromBeforeTheFixIsRepairedAtTheNextLook(IptablesBackend b)
      throws Exception {
    node(b);
    FixRecord fix = approved();
    FixAgent agent = applied(fix);
    List<String> fixed = rules();
    node.execOk(LabNodeWithFix.KUBELET_TABLE, program("-restore"));
    clock.advance(FixAgent.PROBE_INTERVAL);
    assertThat(agent.tick()).hasValueSatisfying(p -> assertThat(p.wrote()).isTrue());
    assertThat(rules()).isEqualTo(fixed);
    assertThat(status(fix).state()).isEqualTo(NodeFixState.APPLIED);
    assertThat(status(fix).repairs()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(names = {"LEGACY", "NFT"})
  void aCalicoStyleInsertAboveTheJumpIsReportedOverriddenAtTheNextLook(IptablesBackend b)
      throws Exception {
    node(b);
    FixRecord fix = approved();
    FixAgent agent = applied(fix);
    node.execOk(
        "",
        program(""),
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
}
