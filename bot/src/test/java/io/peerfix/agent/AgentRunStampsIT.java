package io.peerfix.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerfix.fix.FixFixtures;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.NodeFixState;
import io.peerfix.testing.LabNodeWithFix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
  private static final String NODE = LabNodeWithFix.NODE;
  private static final List<String> PROGRAMS =
      List.of(
          "iptables-legacy",
          "iptables-legacy-save",
          "iptables-legacy-restore",
          "iptables-nft",
          "iptables-nft-save",
          "iptables-nft-restore");

  @TempDir Path dir;
  private LabNodeWithFix node;
  private Process agent;
  private String prefix;

  @AfterEach
  void cleanUp() throws Exception {
    if (agent != null) {
      agent.destroyForcibly().waitFor();
    }
    if (node != null) {
      node.close();
    }
  }

  private void node(IptablesBackend b) throws IOException {
    prefix = b == IptablesBackend.LEGACY ? "iptables-legacy" : "iptables-nft";
    // kubelet's hint: it tells the agent the back end.
    node =
        LabNodeWithFix.builder()
            .backend(b)
            .kubeletHint()
            .labStore(Files.createDirectories(dir.resolve("store")))
            .build();
  }

  private Path wrappers(Path log) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String program : PROGRAMS) {
      String real = node.execOk("", "sh", "-c", "command -v " + program).strip();
      Path wrapper = bin.resolve(program);
      Files.writeString(
          wrapper,
          "#!/bin/sh\necho \"" + program + " $*\" >>" + log + "\nexec " + real + " \"$@\"\n");
      Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return bin;
  }

  private List<String> peerfixRules() {
    return node.execOk("", prefix + "-save", "-t", "nat")
        .lines()
        .filter(l -> l.contains("peerfix:"))
        .toList();
  }

  private static long lines(Path log) throws IOException {
    return Files.exists(log) ? Files.readAllLines(log).size() : 0;
  }

  /** Starts {@code agent run} in the node namespace; its iptables programs log to {@code log}. */
  private FixRecord start(Path log, String... jvmFlags) throws IOException {
    Path storeDir = dir.resolve("store");
    FixRecord fix = node.approve(FixFixtures.RDS_RULE);
    Path bin = wrappers(log);
    List<String> argv =
        new ArrayList<>(
            List.of(
                "ip",
                "netns",
                "exec",
                node.ns().name(),
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
            node.ns().name(),
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
                node.store().nodeStatuses(fix.name()).stream()
                    .anyMatch(s -> s.state() == NodeFixState.APPLIED));
    return fix;
  }

  private void flushAndAwaitTheRepair(List<String> applied) {
    node.execOk("", prefix, "-w", "-t", "nat", "-F", "POSTROUTING");
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
