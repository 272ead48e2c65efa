package io.peerfix.agent.reconcile;

import static io.peerfix.fix.FixFixtures.POLICY;
import static io.peerfix.fix.FixFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.agent.IptablesBackend;
import io.peerfix.approval.FixGuard;
import io.peerfix.exec.CommandRunner;
import io.peerfix.fix.Actor;
import io.peerfix.fix.AllowedDestinations;
import io.peerfix.fix.FixNodeGroup;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.NatRule;
import io.peerfix.fix.NodeFix;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeSelector;
import io.peerfix.fix.NodeStatus;
import io.peerfix.fixstore.LabFixStore;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.testing.MutableClock;
import io.peerfix.testing.TempNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
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
  private static final NatRule RDS = NatRule.masquerade(Cidr.parse("10.0.5.20/32"), "eth0");

  @TempDir Path state;
  private TempNamespace ns;
  private Path lock;
  private LabFixStore store;
  private final MutableClock clock = new MutableClock(T0);
  private final List<List<String>> ran = new CopyOnWriteArrayList<>();
  private IptablesBackend backend;

  private void node(IptablesBackend b) throws Exception {
    backend = b;
    ns = new TempNamespace();
    ns.vethPair("eth0", "vpc0");
    ns.ip("addr", "add", "172.20.1.10/16", "dev", "eth0");
    ns.ip("link", "add", "cbr0", "type", "bridge");
    ns.ip("addr", "add", "10.244.1.1/24", "dev", "cbr0");
    ns.ip("link", "set", "cbr0", "up");
    ns.execOk(BEFORE, program("-restore"));
    lock = Files.createTempFile("peerfix-lock", ".lock");
    store = new LabFixStore(state);
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (ns != null) {
      ns.close();
    }
    if (lock != null) {
      Files.deleteIfExists(lock);
    }
  }

  private String program(String suffix) {
    return (backend == IptablesBackend.LEGACY ? "iptables-legacy" : "iptables-nft") + suffix;
  }

  private FixAgent agent() {
    CommandRunner inside =
        (argv, stdin, timeout) -> {
          ran.add(argv);
          return ns.exec(argv, stdin, timeout);
        };
    TableStamps stamps = KernelStamps.open(backend, Optional.of(Path.of("/run/netns", ns.name())));
    NatReconciler reconciler =
        new NatReconciler(new IptablesNatTable(inside, backend), new NodeLock(lock), clock, stamps);
    assertThat(reconciler.changeDetection()).doesNotStartWith("listing the chains at every look");
    return new FixAgent(
        new FixAgent.Wiring(
            NODE,
            Map::of,
            store,
            reconciler,
            new NodeInspector(inside),
            Optional.empty(),
            clock,
            false));
  }

  private FixRecord approved() {
    FixGuard guard = new FixGuard(store, POLICY, clock);
    NodeFix fix =
        NodeFix.of(
            "rds-prod", "diag-1", List.of(RDS), List.of(new FixNodeGroup("fp-a", List.of(NODE))));
    FixRecord proposed =
        guard.propose(fix, NodeSelector.all(), ALLOWED, Actor.user("U-BOB")).record();
    return guard.approve(proposed.name(), Actor.user("U-ALICE"), proposed.digest()).record();
  }

  private NodeStatus status(FixRecord fix) {
    return store.nodeStatuses(fix.name()).stream()
        .filter(s -> s.node().equals(NODE))
        .findFirst()
        .orElseThrow();
  }

  private List<String> rules() {
    return ns.execOk("", program("-save"), "-t", "nat")
        .lines()
        .filter(l -> l.startsWith("-A "))
        .toList();
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
    ran.clear();
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
    assertThat(ran).isEmpty();
    assertThat(status(fix).state()).isEqualTo(NodeFixState.APPLIED);
  }

  @ParameterizedTest
  @EnumSource(names = {"LEGACY", "NFT"})
  void aFlushIsRepairedAtTheNextLook(IptablesBackend b) throws Exception {
    node(b);
    FixRecord fix = approved();
    FixAgent agent = applied(fix);
    List<String> peerfixRules = peerfixRules(rules());
    ns.execOk("", program(""), "-w", "-t", "nat", "-F", "POSTROUTING");
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
    ns.execOk(BEFORE, program("-restore"));
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
    ns.execOk(
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
