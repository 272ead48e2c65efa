package io.peerfix.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerfix.exec.ProcessCommandRunner;
import io.peerfix.facts.ConnectAttempt;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.lab.LabState.LabProcess;
import io.peerfix.net.Ipv4;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lab members' long-running daemons on the seed incident: they answer what a new JVM per call
 * answers (the pod probe times out, the node's host probe connects), a dead one is replaced by the
 * JVM-per-call path with a warning, and {@code lab down} leaves none of them behind.
 */
class LabDaemonsIT {
  private static final LabPaths PATHS = LabPaths.standard();
  private static RunningLab lab;
  private static List<NodeInfo> nodes;
  private static ProbeRequest byName;
  private static List<String> notReadyAfterUp;

  @BeforeAll
  static void up() {
    lab = RunningLab.up("seed-incident");
    notReadyAfterUp =
        Stream.of("node1", "pod1", "node2", "pod2")
            .filter(m -> !Files.exists(PATHS.memberSocket(lab.name, m)))
            .toList();
    nodes = lab.lab.nodeDirectory(lab.name).nodes();
    byName =
        new ProbeRequest(lab.scenario.peer().target().host(), 5432, ProbeProtocol.POSTGRES, 1500);
  }

  @Test
  void upReturnsOnlyOnceEveryMembersDaemonIsWarmAndListening() {
    assertThat(notReadyAfterUp).isEmpty();
  }

  @AfterAll
  static void down() {
    if (lab != null) {
      lab.close();
    }
  }

  /** Collectors that always start a JVM per call: no daemon socket exists under this root. */
  private static LabLayout layout() {
    return new LabLayout(lab.name, nodes.size());
  }

  private static MemberClient noDaemons() {
    LabPaths elsewhere =
        new LabPaths(Path.of("/nonexistent/peerfix-lab"), PATHS.etcNetns(), PATHS.cacheDir());
    return new MemberClient(elsewhere, lab.name, Map.of());
  }

  @Test
  void thePodDaemonsProbeTimesOutLikeAProbeInANewJvmWithoutWarning() {
    List<String> warnings = new ArrayList<>();
    ProbeResult daemon =
        lab.lab.podProber(lab.name, warnings::add).probeFromPod(nodes.get(0), byName);
    ProbeResult jvm =
        new LabPodProber(layout(), new ProcessCommandRunner(), noDaemons(), w -> {})
            .probeFromPod(nodes.get(0), byName);

    assertThat(warnings).isEmpty();
    assertThat(daemon.reachable()).isFalse();
    assertThat(daemon.origin()).isEqualTo(jvm.origin());
    assertThat(daemon.request()).isEqualTo(jvm.request());
    assertThat(daemon.sourceAddress())
        .isEqualTo(jvm.sourceAddress())
        .isEqualTo(Ipv4.parse(lab.plan.podIp(1)));
    assertThat(daemon.dns().addresses()).isEqualTo(jvm.dns().addresses());
    assertThat(daemon.attempts())
        .extracting(ConnectAttempt::outcome)
        .isEqualTo(jvm.attempts().stream().map(ConnectAttempt::outcome).toList());
    assertThat(daemon.error()).isNotNull();
  }

  @Test
  void theNodeDaemonsFactsEqualAgentFactsInANewJvmAndTheHostProbeConnects() {
    NodeFacts daemon = lab.lab.nodeFactsReader(lab.name).read(List.of(nodes.get(0)), byName).get(0);
    NodeFacts jvm =
        new LabNodeFactsReader(layout(), new ProcessCommandRunner(), noDaemons())
            .read(List.of(nodes.get(0)), byName)
            .get(0);

    assertThat(daemon.warnings()).noneMatch(w -> w.contains("daemon"));
    assertThat(daemon.nodeName()).isEqualTo(jvm.nodeName()).isEqualTo(nodes.get(0).name());
    assertThat(rules(daemon.natTable())).isEqualTo(rules(jvm.natTable())).contains("MASQUERADE");
    assertThat(daemon.iptablesBackend()).isEqualTo(jvm.iptablesBackend());
    assertThat(daemon.addresses()).isEqualTo(jvm.addresses());
    assertThat(daemon.routes()).isEqualTo(jvm.routes());
    assertThat(daemon.podCidr()).isEqualTo(jvm.podCidr());
    assertThat(daemon.cni()).isEqualTo(jvm.cni());
    assertThat(daemon.hostProbe().reachable()).isTrue();
    assertThat(jvm.hostProbe().reachable()).isTrue();
    assertThat(daemon.hostProbe().sourceAddress())
        .isEqualTo(jvm.hostProbe().sourceAddress())
        .isEqualTo(Ipv4.parse(lab.plan.nodeIp(1)));
  }

  @Test
  void manyRequestsAtOnceAreAllAnswered() {
    // node1 only: another test kills node2's daemon.
    List<NodeInfo> eight = java.util.Collections.nCopies(8, nodes.get(0));
    List<NodeFacts> facts = lab.lab.nodeFactsReader(lab.name).read(eight, byName);

    assertThat(facts).hasSize(8).allMatch(f -> f.hostProbe().reachable());
    assertThat(facts).allMatch(f -> f.warnings().stream().noneMatch(w -> w.contains("daemon")));
  }

  @Test
  void whenADaemonDiedTheCollectorsFallBackToANewJvmWithAWarning() {
    kill("pod2");
    kill("node2");
    List<String> warnings = new ArrayList<>();

    ProbeResult probe =
        lab.lab.podProber(lab.name, warnings::add).probeFromPod(nodes.get(1), byName);
    NodeFacts facts = lab.lab.nodeFactsReader(lab.name).read(List.of(nodes.get(1)), byName).get(0);

    assertThat(probe.reachable()).isFalse();
    assertThat(probe.sourceAddress()).isEqualTo(Ipv4.parse(lab.plan.podIp(2)));
    assertThat(warnings).singleElement().asString().contains("pod2", "daemon unavailable");
    assertThat(facts.hostProbe().reachable()).isTrue();
    assertThat(facts.natTable()).contains("MASQUERADE");
    assertThat(facts.warnings()).anyMatch(w -> w.contains("node2") && w.contains("unavailable"));
  }

  @Test
  void downLeavesNoDaemonSocketOrNamespace() {
    RunningLab other = RunningLab.up("seed-incident");
    Path stateDir = PATHS.stateDir(other.name);
    List<Long> pids =
        other.state.processes().stream()
            .filter(p -> p.program().equals(MemberDaemons.PROGRAM))
            .map(LabProcess::pid)
            .toList();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Files.exists(PATHS.memberSocket(other.name, "pod2")));

    other.close();

    assertThat(pids).hasSize(4).noneMatch(Daemons::alive);
    assertThat(processesNaming(stateDir)).isEmpty();
    assertThat(stateDir).doesNotExist();
    assertThat(new Netns(new ProcessCommandRunner()).list())
        .noneMatch(ns -> ns.startsWith(other.name + "-"));
  }

  @Test
  void aDaemonExitsWhenItsNamespaceIsDeleted() throws IOException {
    Netns netns = new Netns(new ProcessCommandRunner());
    String ns = "pf" + RunningLab.uniqueName();
    Path dir = Files.createTempDirectory("pfserve");
    Path socket = dir.resolve("m.sock");
    netns.batchAll(List.of("netns add " + ns)).orThrow();
    long pid = -1;
    try {
      pid =
          Daemons.start(
              List.of(
                  "ip",
                  "netns",
                  "exec",
                  ns,
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "io.peerfix.agent.ServeMain",
                  "--socket",
                  socket.toString(),
                  "--namespace",
                  ns),
              dir.resolve("serve.log"));
      await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(socket));

      netns.batchAll(List.of("netns delete " + ns)).orThrow();

      long started = pid;
      await().atMost(Duration.ofSeconds(20)).until(() -> !Daemons.alive(started));
      assertThat(socket).doesNotExist();
    } finally {
      if (pid > 0) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
      if (netns.list().contains(ns)) {
        netns.batchAll(List.of("netns delete " + ns));
      }
    }
  }

  /** A nat table without its packet counters and dated comments, which differ between reads. */
  private static String rules(String natTable) {
    return natTable
        .lines()
        .filter(l -> !l.startsWith("#"))
        .map(l -> l.replaceAll("\\[\\d+:\\d+\\]", "[counters]"))
        .reduce("", (a, b) -> a + b + "\n");
  }

  private static void kill(String member) {
    long pid =
        lab.state.processes().stream()
            .filter(p -> p.member().equals(member) && p.program().equals(MemberDaemons.PROGRAM))
            .findFirst()
            .orElseThrow()
            .pid();
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    await().until(() -> !Daemons.alive(pid));
  }

  /** Live processes whose command line names {@code dir} (a lab's state directory). */
  static List<Long> processesNaming(Path dir) {
    String needle = dir.toString() + "/";
    List<Long> found = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.toList()) {
        String pid = p.getFileName().toString();
        if (pid.chars().allMatch(Character::isDigit)) {
          try {
            String cmd = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
            if (cmd.contains(needle) && Daemons.alive(Long.parseLong(pid))) {
              found.add(Long.parseLong(pid));
            }
          } catch (IOException e) {
            // Ended while we looked: not running.
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return found;
  }
}
