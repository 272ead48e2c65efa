package io.peerfix.agent;

import static io.peerfix.fix.FixFixtures.POLICY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerfix.approval.FixGuard;
import io.peerfix.fix.Actor;
import io.peerfix.fix.AllowedDestinations;
import io.peerfix.fix.FixNodeGroup;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.NatRule;
import io.peerfix.fix.NodeFix;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeSelector;
import io.peerfix.fixstore.LabFixStore;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.testing.TempNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code peerfix agent run} as the lab starts it ({@code ip netns exec NODE java ... agent run}),
 * on the real kernel through both back ends: the kernel stamps it reads in its own process are its
 * node namespace's, so while nothing is written it runs no iptables program, and a flush of that
 * namespace's table is repaired within the 15 s promise; where JNA cannot load it lists as it did
 * before the stamps. Every iptables program it runs goes through a logging wrapper first on its
 * PATH.
 */
class AgentRunStampsIT {
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
  private static final List<String> PROGRAMS =
      List.of(
          "iptables-legacy",
          "iptables-legacy-save",
          "iptables-legacy-restore",
          "iptables-nft",
          "iptables-nft-save",
          "iptables-nft-restore");

  @TempDir Path dir;
  private TempNamespace ns;
  private Process agent;
  private String prefix;
  private LabFixStore store;

  @AfterEach
  void cleanUp() throws Exception {
    if (agent != null) {
      agent.destroyForcibly().waitFor();
    }
    if (ns != null) {
      ns.close();
    }
  }

  private void node(IptablesBackend b) {
    prefix = b == IptablesBackend.LEGACY ? "iptables-legacy" : "iptables-nft";
    ns = new TempNamespace();
    ns.vethPair("eth0", "vpc0");
    ns.ip("addr", "add", "172.20.1.10/16", "dev", "eth0");
    ns.ip("link", "add", "cbr0", "type", "bridge");
    ns.ip("addr", "add", "10.244.1.1/24", "dev", "cbr0");
    ns.ip("link", "set", "cbr0", "up");
    ns.execOk(BEFORE, prefix + "-restore");
    // kubelet's hint: it tells the agent the back end.
    ns.execOk("", prefix, "-w", "-t", "mangle", "-N", "KUBE-IPTABLES-HINT");
  }

  private Path wrappers(Path log) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String program : PROGRAMS) {
      String real = ns.execOk("", "sh", "-c", "command -v " + program).strip();
      Path wrapper = bin.resolve(program);
      Files.writeString(
          wrapper,
          "#!/bin/sh\necho \"" + program + " $*\" >>" + log + "\nexec " + real + " \"$@\"\n");
      Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return bin;
  }

  private FixRecord approved(LabFixStore store) {
    FixGuard guard = new FixGuard(store, POLICY, Clock.systemUTC());
    NodeFix fix =
        NodeFix.of(
            "rds-prod",
            "diag-1",
            List.of(NatRule.masquerade(Cidr.parse("10.0.5.20/32"), "eth0")),
            List.of(new FixNodeGroup("fp-a", List.of(NODE))));
    FixRecord proposed =
        guard.propose(fix, NodeSelector.all(), ALLOWED, Actor.user("U-BOB")).record();
    return guard.approve(proposed.name(), Actor.user("U-ALICE"), proposed.digest()).record();
  }

  private List<String> peerfixRules() {
    return ns.execOk("", prefix + "-save", "-t", "nat")
        .lines()
        .filter(l -> l.contains("peerfix:"))
        .toList();
  }

  private static long lines(Path log) throws IOException {
    return Files.exists(log) ? Files.readAllLines(log).size() : 0;
  }

  /** Starts {@code agent run} in the node namespace; its iptables programs log to {@code log}. */
  private FixRecord start(Path log, String... jvmFlags) throws IOException {
    Path storeDir = Files.createDirectories(dir.resolve("store"));
    store = new LabFixStore(storeDir);
    FixRecord fix = approved(store);
    Path bin = wrappers(log);
    List<String> argv =
        new ArrayList<>(
            List.of(
                "ip",
                "netns",
                "exec",
                ns.name(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-Xmx128m"));
    argv.addAll(List.of(jvmFlags));
    argv.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "io.peerfix.cli.Main",
            "agent",
            "run",
            "--node-name",
            NODE,
            "--lab-store",
            storeDir.toString(),
            "--namespace",
            ns.name(),
            "--lock-file",
            dir.resolve("xtables.lock").toString()));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("agent.log").toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    agent = pb.start();
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                store.nodeStatuses(fix.name()).stream()
                    .anyMatch(s -> s.state() == NodeFixState.APPLIED));
    return fix;
  }

  private void flushAndAwaitTheRepair(List<String> applied) {
    ns.execOk("", prefix, "-w", "-t", "nat", "-F", "POSTROUTING");
    await().atMost(Duration.ofSeconds(15)).until(() -> peerfixRules().equals(applied));
    assertThat(agent.isAlive()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(names = {"LEGACY", "NFT"})
  void theAgentInItsNodeNamespaceListsNothingWhileIdleAndRepairsAFlush(IptablesBackend b)
      throws Exception {
    node(b);
    Path log = dir.resolve("commands.log");
    start(log);
    List<String> applied = peerfixRules();
    assertThat(applied).hasSize(2);
    // The status is the pass's last act: its write, the listing after it and the judgement's read
    // are all logged by now.
    long settled = lines(log);
    // Four looks' worth (a probe every 3 s): a listing agent would have listed at least once.
    await()
        .during(Duration.ofSeconds(12))
        .atMost(Duration.ofSeconds(15))
        .until(() -> lines(log) == settled);
    flushAndAwaitTheRepair(applied);
  }

  @org.junit.jupiter.api.Test
  void whereJnaCannotLoadTheAgentListsAtEveryLookAndStillRepairsAFlush() throws Exception {
    node(IptablesBackend.LEGACY);
    Path log = dir.resolve("commands.log");
    // No system libjnidispatch and no unpacking of the jar's: JNA's native part cannot load.
    start(log, "-Djna.nosys=true", "-Djna.nounpack=true");
    List<String> applied = peerfixRules();
    long settled = lines(log);
    // Legacy lists POSTROUTING at least every 10 s.
    await().atMost(Duration.ofSeconds(15)).until(() -> lines(log) > settled);
    assertThat(Files.readAllLines(log).subList((int) settled, (int) lines(log)))
        .allSatisfy(l -> assertThat(l).isEqualTo("iptables-legacy -w -t nat -S POSTROUTING"));
    flushAndAwaitTheRepair(applied);
  }
}
