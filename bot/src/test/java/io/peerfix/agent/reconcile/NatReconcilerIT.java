package io.peerfix.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerfix.agent.IptablesBackend;
import io.peerfix.exec.CommandResult;
import io.peerfix.exec.CommandRunner;
import io.peerfix.fix.NodeFixState;
import io.peerfix.nat.NodeContext;
import io.peerfix.nat.Packet;
import io.peerfix.testing.TempNamespace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reconciler on the real kernel, in a network namespace of its own, through both iptables back
 * ends: each test starts from a node table with kubelet's old masquerade rule and compares the
 * table {@code iptables-save} prints, rule by rule.
 */
class NatReconcilerIT {
  private static final String BEFORE =
      "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
          + ":POSTROUTING ACCEPT [0:0]\n:KUBE-POSTROUTING - [0:0]\n"
          + "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\""
          + " -j KUBE-POSTROUTING\n"
          + "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE\n"
          + "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN\n"
          + "COMMIT\n";
  private static final List<DesiredRule> FIX =
      List.of(
          new DesiredRule(
              "fix-seed", List.of("-d", "10.0.5.20/32", "-o", "eth0", "-j", "MASQUERADE")));
  private static final Packet POD_TO_RDS = Packet.forwarded("10.244.1.5", "10.0.5.20", 5432);
  private static final NodeContext NODE = NodeContext.of("172.20.1.10");

  private TempNamespace ns;
  private Path lockFile;

  @BeforeEach
  void node() throws IOException {
    ns = new TempNamespace();
    lockFile = Files.createTempFile("peerfix-lock", ".lock");
  }

  @AfterEach
  void cleanUp() throws IOException {
    ns.close();
    Files.deleteIfExists(lockFile);
  }

  private CommandRunner inNamespace() {
    return (argv, stdin, timeout) -> ns.exec(argv, stdin, timeout);
  }

  private NatReconciler reconciler(IptablesBackend backend) {
    return new NatReconciler(new IptablesNatTable(inNamespace(), backend), new NodeLock(lockFile));
  }

  private static String program(IptablesBackend backend, String suffix) {
    return (backend == IptablesBackend.LEGACY ? "iptables-legacy" : "iptables-nft") + suffix;
  }

  private void load(IptablesBackend backend, String table) {
    ns.execOk(table, program(backend, "-restore"));
  }

  private void iptables(IptablesBackend backend, String... args) {
    List<String> argv = new ArrayList<>(List.of(program(backend, ""), "-w", "-t", "nat"));
    argv.addAll(List.of(args));
    ns.execOk("", argv.toArray(String[]::new));
  }

  /** The nat table's chains and rules as iptables-save prints them, counters and comments cut. */
  private List<String> rules(IptablesBackend backend) {
    return normalized(ns.execOk("", program(backend, "-save"), "-t", "nat"));
  }

  private static List<String> normalized(String save) {
    return save.lines()
        .filter(l -> l.startsWith("-A ") || l.startsWith(":"))
        .map(l -> l.startsWith(":") ? l.replaceAll(" \\[\\d+:\\d+\\]$", "") : l)
        .toList();
  }

  private static List<String> peerfixLines(List<String> rules) {
    return rules.stream().filter(l -> l.contains("PEERFIX-") || l.contains("peerfix:")).toList();
  }

  private static NodeFixState judge(NatReconciler reconciler) {
    String whole = reconciler.wholeTable().orThrow().stdout();
    return DecisionCheck.judge("fix-seed", whole, POD_TO_RDS, NODE, name -> "").state();
  }

  @ParameterizedTest
  @EnumSource(names = {"LEGACY", "NFT"})
  void applyWritesTheMarkedRuleAndOneJumpFirstAndTheEngineSaysItDecides(IptablesBackend b) {
    load(b, BEFORE);
    List<String> before = rules(b);
    Pass pass = reconciler(b).reconcile(FIX, false);
    assertThat(pass.error()).isEmpty();
    assertThat(pass.wrote()).isTrue();
    List<String> after = rules(b);
    String marker = FIX.get(0).marker().comment();
    assertThat(after)
        .containsSubsequence(
            "-A POSTROUTING -m comment --comment \"peerfix:jump:"
                + PeerfixChains.jumpMarker().hash()
                + "\" -j PEERFIX-POSTROUTING",
            "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\""
                + " -j KUBE-POSTROUTING")
        .contains(
            "-A PEERFIX-POSTROUTING -d 10.0.5.20/32 -o eth0 -m comment --comment \""
                + marker
                + "\" -j MASQUERADE");
    List<String> othersAfter = new ArrayList<>(after);
    othersAfter.removeAll(peerfixLines(after));
    assertThat(othersAfter).isEqualTo(before);
    assertThat(judge(reconciler(b))).isEqualTo(NodeFixState.APPLIED);
  }

  @ParameterizedTest
  @EnumSource(names = {"LEGACY", "NFT"})
  void aSecondPassWritesNothingAndChangesNothing(IptablesBackend b) {
    load(b, BEFORE);
    NatReconciler reconciler = reconciler(b);
    reconciler.reconcile(FIX, false);
    List<String> once = rules(b);
    Pass again = reconciler.reconcile(FIX, false);
    assertThat(again.wrote()).isFalse();
    assertThat(again.changes()).isEmpty();
    assertThat(rules(b)).isEqualTo(once);
  }

  @ParameterizedTest
  @EnumSource(names = {"LEGACY", "NFT"})
  void aTableRestoredToItsStateBeforeTheFixChangesTheProbeAndIsRepaired(IptablesBackend b) {
    load(b, BEFORE);
    NatReconciler reconciler = reconciler(b);
    reconciler.reconcile(FIX, false);
    List<String> applied = rules(b);
    String print = reconciler.probe().fingerprint();
    load(b, BEFORE); // a reboot, or a manager restoring the whole table without --noflush
    assertThat(reconciler.probe().fingerprint()).isNotEqualTo(print);
    Pass repair = reconciler.reconcile(FIX, false);
    assertThat(repair.wrote()).isTrue();
    assertThat(rules(b)).isEqualTo(applied);
    assertThat(reconciler.probe().fingerprint()).isEqualTo(print);
    assertThat(judge(reconciler)).isEqualTo(NodeFixState.APPLIED);
  }

  @ParameterizedTest
  @EnumSource(names = {"LEGACY", "NFT"})
  void revertRemovesExactlyPeerfixsRulesAndLeavesRulesAddedByOthers(IptablesBackend b) {
    load(b, BEFORE);
    NatReconciler reconciler = reconciler(b);
    reconciler.reconcile(FIX, false);
    // Someone else adds rules later: above the jump, at the end, and even inside peerfix's chain.
    iptables(b, "-I", "POSTROUTING", "1", "-d", "192.168.7.0/24", "-j", "RETURN");
    iptables(b, "-A", "POSTROUTING", "-d", "10.0.9.9/32", "-o", "eth1", "-j", "MASQUERADE");
    iptables(b, "-A", "PEERFIX-POSTROUTING", "-d", "10.0.8.8/32", "-j", "RETURN");
    List<String> withOthers = rules(b);
    assertThat(reconciler.reconcile(FIX, false).wrote()).isFalse();
    assertThat(rules(b)).isEqualTo(withOthers);

    Pass revert = reconciler.reconcile(List.of(), false);
    assertThat(revert.error()).isEmpty();
    List<String> expected = new ArrayList<>(withOthers);
    expected.removeIf(l -> l.contains("peerfix:") || l.startsWith(":PEERFIX-CANARY "));
    assertThat(rules(b)).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(names = {"LEGACY", "NFT"})
  void revertOnAnUntouchedChainLeavesTheTableExactlyAsBefore(IptablesBackend b) {
    load(b, BEFORE);
    List<String> before = rules(b);
    NatReconciler reconciler = reconciler(b);
    reconciler.reconcile(FIX, false);
    Pass revert = reconciler.reconcile(List.of(), false);
    assertThat(revert.wrote()).isTrue();
    assertThat(rules(b)).isEqualTo(before);
    assertThat(reconciler.reconcile(List.of(), false).wrote()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(names = {"LEGACY", "NFT"})
  void aCalicoStyleInsertAboveTheJumpIsReportedOverriddenWithItsRule(IptablesBackend b) {
    load(b, BEFORE);
    NatReconciler reconciler = reconciler(b);
    reconciler.reconcile(FIX, false);
    iptables(b, "-N", "cali-POSTROUTING");
    iptables(
        b,
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
    iptables(
        b,
        "-I",
        "POSTROUTING",
        "1",
        "-m",
        "comment",
        "--comment",
        "cali:O3lYWMrLQYEMJtB5",
        "-j",
        "cali-POSTROUTING");
    Pass pass = reconciler.reconcile(FIX, false);
    assertThat(pass.wrote()).isFalse();
    NodeFixReport report =
        DecisionCheck.judge(
            "fix-seed", reconciler.wholeTable().stdout(), POD_TO_RDS, NODE, name -> "");
    assertThat(report.state()).isEqualTo(NodeFixState.OVERRIDDEN);
    assertThat(report.manager()).isEqualTo(RuleManager.CALICO_FELIX);
    assertThat(report.decidingRule())
        .contains(
            "-A cali-POSTROUTING -d 10.0.0.0/16 -m comment --comment"
                + " \"cali:Z-c7XtVd2Bq7s_hA\" -j ACCEPT");
  }

  @ParameterizedTest
  @EnumSource(names = {"LEGACY", "NFT"})
  void twoReconcilersRacingOnOneNodeWriteEachRuleOnce(IptablesBackend b) throws Exception {
    load(b, BEFORE);
    for (int round = 0; round < 5; round++) {
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<Pass>> passes = new ArrayList<>();
      for (int agent = 0; agent < 2; agent++) {
        NatReconciler reconciler = reconciler(b);
        passes.add(
            CompletableFuture.supplyAsync(
                () -> {
                  await().until(() -> start.getCount() == 0);
                  return reconciler.reconcile(FIX, false);
                }));
      }
      start.countDown();
      List<Pass> done = passes.stream().map(CompletableFuture::join).toList();
      assertThat(done).allSatisfy(p -> assertThat(p.error()).isEmpty());
      assertThat(done.stream().filter(Pass::wrote)).hasSize(1);
      assertThat(peerfixLines(rules(b)).stream().filter(l -> l.startsWith("-A"))).hasSize(2);
      load(b, BEFORE);
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"LEGACY", "NFT"})
  void aPayloadThatFailsHalfwayAppliesNothing(IptablesBackend b) {
    load(b, BEFORE);
    List<String> before = rules(b);
    RestorePlan plan = RestorePlan.between(NatSnapshot.parse(""), FIX);
    String broken = plan.payload().replace("COMMIT\n", "-A NO-SUCH-CHAIN -j MASQUERADE\nCOMMIT\n");
    CommandResult result = new IptablesNatTable(inNamespace(), b).restore(broken);
    assertThat(result.ok()).isFalse();
    assertThat(rules(b)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(names = {"LEGACY", "NFT"})
  void restoreKilledInTheMiddleOfItsPayloadLeavesTheTableAsBefore(IptablesBackend b)
      throws Exception {
    load(b, BEFORE);
    List<String> before = rules(b);
    String payload = RestorePlan.between(NatSnapshot.parse(""), FIX).payload();
    String firstHalf = payload.substring(0, payload.indexOf("-I POSTROUTING"));
    Process restore =
        new ProcessBuilder(
                "ip", "netns", "exec", ns.name(), program(b, "-restore"), "--noflush", "-w")
            .redirectErrorStream(true)
            .start();
    OutputStream stdin = restore.getOutputStream();
    stdin.write(firstHalf.getBytes(StandardCharsets.UTF_8));
    stdin.flush();
    // It has read the chains and the rule and waits in read(2) on stdin for the rest.
    Path syscall = Path.of("/proc", Long.toString(restore.pid()), "syscall");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Files.readString(syscall).startsWith("0 0x0 "));
    restore.destroyForcibly();
    assertThat(restore.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(rules(b)).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(names = {"LEGACY", "NFT"})
  void theProbeSeesAnInsertAboveTheJumpButNotChangesInOtherManagersChains(IptablesBackend b) {
    load(b, BEFORE);
    NatReconciler reconciler = reconciler(b);
    reconciler.reconcile(FIX, false);
    String print = reconciler.probe().fingerprint();
    iptables(b, "-A", "KUBE-POSTROUTING", "-j", "MASQUERADE", "--random-fully");
    assertThat(reconciler.probe().fingerprint()).isEqualTo(print);
    iptables(b, "-I", "POSTROUTING", "1", "-d", "10.0.0.0/16", "-j", "RETURN");
    assertThat(reconciler.probe().fingerprint()).isNotEqualTo(print);
  }

  @ParameterizedTest
  @EnumSource(names = {"LEGACY", "NFT"})
  void reconcilingAndProbingReadOnlyWhatTheBackEndListsCheaply(IptablesBackend b) {
    load(b, BEFORE);
    List<List<String>> ran = new ArrayList<>();
    CommandRunner counting =
        (argv, stdin, timeout) -> {
          ran.add(argv);
          return ns.exec(argv, stdin, timeout);
        };
    NatReconciler reconciler =
        new NatReconciler(new IptablesNatTable(counting, b), new NodeLock(lockFile));
    assertThat(reconciler.reconcile(FIX, false).wrote()).isTrue();
    assertThat(reconciler.reconcile(FIX, false).wrote()).isFalse();
    ran.clear();
    reconciler.probe();
    if (b == IptablesBackend.NFT) {
      // One-chain listings cost milliseconds on nf_tables; the whole table tens of seconds.
      assertThat(ran)
          .containsExactly(
              List.of("iptables-nft", "-w", "-t", "nat", "-S", "POSTROUTING"),
              List.of("iptables-nft", "-w", "-t", "nat", "-S", "PEERFIX-POSTROUTING"));
    } else {
      // Every legacy read copies the whole table out of the kernel: one listing, of POSTROUTING.
      assertThat(ran)
          .containsExactly(List.of("iptables-legacy", "-w", "-t", "nat", "-S", "POSTROUTING"));
    }
  }

  @org.junit.jupiter.api.Test
  void onNfTablesAWriteAndItsRereadNeverReadTheWholeTable() {
    load(IptablesBackend.NFT, BEFORE);
    List<String> programs = new ArrayList<>();
    CommandRunner counting =
        (argv, stdin, timeout) -> {
          programs.add(argv.get(0));
          return ns.exec(argv, stdin, timeout);
        };
    NatReconciler reconciler =
        new NatReconciler(
            new IptablesNatTable(counting, IptablesBackend.NFT), new NodeLock(lockFile));
    assertThat(reconciler.reconcile(FIX, false).wrote()).isTrue();
    assertThat(reconciler.reconcile(List.of(), false).wrote()).isTrue();
    assertThat(programs).doesNotContain("iptables-nft-save").contains("iptables-nft-restore");
  }
}
