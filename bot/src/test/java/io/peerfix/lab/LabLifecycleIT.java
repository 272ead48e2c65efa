package io.peerfix.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.exec.CommandResult;
import io.peerfix.exec.ProcessCommandRunner;
import io.peerfix.net.Ipv4;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lab through its front door, the peerfix jar: it never touches the root namespace, {@code
 * down} leaves nothing behind (also after a crash), {@code up} cleans a half-built lab first, and
 * {@code exec} and {@code status} tell the truth.
 */
class LabLifecycleIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private final ProcessCommandRunner runner = new ProcessCommandRunner();
  private final Netns netns = new Netns(runner);
  private final LabPaths paths = LabPaths.standard();
  private final String name = RunningLab.uniqueName();

  @AfterEach
  void removeLab() {
    peerfix("lab", "down", "--name", name);
  }

  @Test
  void upCreatesNoInterfaceInTheRootNamespace() {
    Set<String> before = rootLinks();

    CommandResult up = peerfix("lab", "up", "--scenario", "seed-incident", "--name", name);

    assertThat(up.exitCode()).as(up.stderr()).isZero();
    assertThat(rootLinks()).isEqualTo(before);
  }

  @Test
  void downLeavesNoNamespaceProcessOrFileBehind() {
    peerfix("lab", "up", "--scenario", "healthy", "--name", name).orThrow();
    LabState state = new LabStateStore(paths).read(name).orElseThrow();
    // dnsmasq, postgres, a member daemon per node and per pod, and a fix agent per node.
    assertThat(state.processes()).hasSize(2 + 3 * state.nodes());

    CommandResult down = peerfix("lab", "down", "--name", name);

    assertThat(down.exitCode()).isZero();
    assertThat(netns.list()).noneMatch(ns -> ns.startsWith(name + "-"));
    assertThat(state.processes()).noneMatch(p -> Daemons.alive(p.pid()));
    assertThat(LabDaemonsIT.processesNaming(paths.stateDir(name))).isEmpty();
    assertThat(paths.stateDir(name)).doesNotExist();
    assertThat(paths.dataDir(name)).doesNotExist();
    assertThat(state.resolverDirs()).isNotEmpty().allMatch(d -> !Files.exists(Path.of(d)));
  }

  @Test
  void downAfterACrashMidBuildRemovesWhatWasMade() throws Exception {
    LabLayout layout = new LabLayout(name, 2);
    LabState planned =
        new LabState(
            name,
            "healthy",
            "HEALTHY",
            2,
            "building",
            "2026-01-01T00:00:00Z",
            layout.namespaces(),
            List.of(paths.resolverDir(layout.node(1)).toString()),
            List.of());
    new LabStateStore(paths).write(planned);
    netns.add(layout.router());
    netns.add(layout.node(1));
    Files.createDirectories(paths.resolverDir(layout.node(1)));
    long sleeper =
        Daemons.start(
            List.of("ip", "netns", "exec", layout.node(1), "sleep", "300"),
            paths.stateDir(name).resolve("sleep.log"));

    peerfix("lab", "down", "--name", name).orThrow();

    assertThat(netns.list()).doesNotContain(layout.router(), layout.node(1));
    assertThat(Daemons.alive(sleeper)).isFalse();
    assertThat(paths.resolverDir(layout.node(1))).doesNotExist();
    assertThat(paths.stateDir(name)).doesNotExist();
  }

  @Test
  void upOnAHalfBuiltLabCleansItFirst() {
    String stray = name + "-node9";
    netns.add(stray);

    CommandResult up =
        peerfix("lab", "up", "--scenario", "healthy", "--nodes", "2", "--name", name);

    assertThat(up.exitCode()).as(up.stderr()).isZero();
    assertThat(netns.list()).doesNotContain(stray).contains(name + "-node2");
  }

  @Test
  void execRunsInTheMembersNamespaceAndPassesTheExitCodeThrough() {
    peerfix("lab", "up", "--scenario", "dns-failure", "--name", name).orThrow();

    CommandResult addr =
        peerfix("lab", "exec", "--name", name, "pod2", "--", "ip", "-o", "-4", "addr");
    CommandResult lookup =
        peerfix(
            "lab",
            "exec",
            "--name",
            name,
            "pod1",
            "--",
            "getent",
            "hosts",
            "orders.cluster-1.us-east-1.rds.amazonaws.com");

    assertThat(addr.stdout()).contains("10.244.2.5/24");
    assertThat(lookup.exitCode()).as("getent's own 'not found'").isEqualTo(2);
  }

  @Test
  void statusShowsMembersAddressesAndLiveProgramsAndNoticesADeadOne() {
    peerfix("lab", "up", "--scenario", "healthy", "--name", name).orThrow();

    CommandResult healthy = peerfix("lab", "status", "--name", name);
    LabState state = new LabStateStore(paths).read(name).orElseThrow();
    long dnsmasq =
        state.processes().stream()
            .filter(p -> p.program().equals("dnsmasq"))
            .findFirst()
            .orElseThrow()
            .pid();
    ProcessHandle.of(dnsmasq).ifPresent(ProcessHandle::destroyForcibly);
    org.awaitility.Awaitility.await().until(() -> !Daemons.alive(dnsmasq));
    CommandResult broken = peerfix("lab", "status", "--name", name);

    assertThat(healthy.exitCode()).isZero();
    assertThat(healthy.stdout())
        .contains("node1", "172.20.1.10/16", "pod2", "10.244.2.5/24", "postgres pid", "alive");
    assertThat(broken.exitCode()).isEqualTo(1);
    assertThat(broken.stdout()).contains("dnsmasq pid " + dnsmasq + " DEAD");
  }

  @Test
  void theRunningLabsNodeDirectoryNamesTheAddressesTheKernelHas() {
    peerfix("lab", "up", "--scenario", "aws-cni-excluded-snat", "--nodes", "3", "--name", name)
        .orThrow();
    Lab lab = new Lab(runner, paths, java.time.Clock.systemUTC());

    var nodes = lab.nodeDirectory(name).nodes();

    assertThat(nodes).hasSize(3);
    for (var node : nodes) {
      String member = node.labels().get(LabNodeDirectory.MEMBER_LABEL);
      String kernel =
          netns
              .exec(lab.namespaceOf(name, member), List.of("ip", "-o", "-4", "addr"), TIMEOUT)
              .stdout();
      assertThat(kernel)
          .contains(node.primaryAddress() + "/")
          .contains(node.podCidr().replace(".0/24", ".1/24"));
    }
    assertThat(
            lab.awsNetworkReader(name)
                .read(io.peerfix.vpc.AwsQuery.byIdentifier("vpc-eks", "orders-db"))
                .database()
                .privateIps())
        .containsExactly(Ipv4.parse("10.20.8.40"));
  }

  @Test
  void withoutCapabilitiesTheLabRefusesWithAClearMessage() {
    List<String> argv =
        new ArrayList<>(List.of("setpriv", "--bounding-set=-all", "--inh-caps=-all", "--"));
    argv.addAll(List.of("java", "-jar", System.getProperty("peerfix.jar")));
    argv.addAll(List.of("lab", "up", "--scenario", "healthy", "--name", name));

    CommandResult up = runner.run(argv, TIMEOUT);

    assertThat(up.exitCode()).isEqualTo(2);
    assertThat(up.stderr()).contains("needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN)");
    assertThat(netns.list()).noneMatch(ns -> ns.startsWith(name + "-"));
  }

  @Test
  void natRulesTheKernelRejectsAreBadInputAndLeaveNothingBehind(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("typo.yaml");
    Files.writeString(
        file, ScenarioCatalog.text("healthy").replace("-j MASQUERADE", "-j MASQUERAED"));

    CommandResult up = peerfix("lab", "up", "--scenario-file", file.toString(), "--name", name);

    assertThat(up.exitCode()).isEqualTo(2);
    assertThat(up.stderr())
        .contains("natRules were rejected by iptables-restore on node")
        .contains("cluster.natRules line 1 (line 8 of the scenario file)")
        .contains("MASQUERAED")
        .doesNotContain("Error occurred at line");
    assertThat(netns.list()).noneMatch(ns -> ns.startsWith(name + "-"));
    assertThat(paths.stateDir(name)).doesNotExist();
  }

  @Test
  void aPeerVpcEqualToTheClusterVpcIsBadInputBeforeAnythingIsBuilt(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = dir.resolve("same.yaml");
    Files.writeString(
        file,
        ScenarioCatalog.text("healthy")
            .replace("cidrs: [10.0.0.0/16]", "cidrs: [172.20.0.0/16]")
            .replace("ip: 10.0.5.20", "ip: 172.20.5.20"));

    CommandResult up = peerfix("lab", "up", "--scenario-file", file.toString(), "--name", name);

    assertThat(up.exitCode()).isEqualTo(2);
    assertThat(up.stderr()).contains(file + ": peer.vpc.cidrs[0]: ").doesNotContain("RTNETLINK");
    assertThat(netns.list()).noneMatch(ns -> ns.startsWith(name + "-"));
  }

  @Test
  void statusOfALabThatIsNotUpIsBadInputOnStderr() {
    CommandResult status = peerfix("lab", "status", "--name", name);

    assertThat(status.exitCode()).isEqualTo(2);
    assertThat(status.stdout()).isEmpty();
    assertThat(status.stderr())
        .contains("lab '" + name + "' is not up")
        .contains("lab up --scenario NAME --name " + name);
  }

  @Test
  void diagnoseWithoutCapabilitiesRefusesLikeTheLabCommandsEvenWhenTheLabIsUp() {
    peerfix("lab", "up", "--scenario", "seed-incident", "--name", name).orThrow();
    List<String> argv =
        new ArrayList<>(List.of("setpriv", "--bounding-set=-all", "--inh-caps=-all", "--"));
    argv.addAll(List.of("java", "-jar", System.getProperty("peerfix.jar")));
    argv.addAll(List.of("diagnose", "rds-prod", "--lab", "--lab-name", name));

    CommandResult diagnose = runner.run(argv, TIMEOUT);

    assertThat(diagnose.exitCode()).isEqualTo(2);
    assertThat(diagnose.stdout()).isEmpty();
    assertThat(diagnose.stderr())
        .contains("diagnose --lab needs root")
        .doesNotContain("Exception")
        .doesNotContain("java.");
  }

  @Test
  void upOverARunningLabRefusesWithoutReplaceAndSaysSoWithIt() {
    peerfix("lab", "up", "--scenario", "healthy", "--name", name).orThrow();

    CommandResult again = peerfix("lab", "up", "--scenario", "seed-incident", "--name", name);
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.stderr()).contains("already up (scenario healthy)").contains("--replace");
    assertThat(new LabStateStore(paths).read(name).orElseThrow().scenario()).isEqualTo("healthy");

    CommandResult replaced =
        peerfix("lab", "up", "--scenario", "seed-incident", "--name", name, "--replace");
    assertThat(replaced.exitCode()).as(replaced.stderr()).isZero();
    assertThat(replaced.stdout()).contains("replacing lab " + name + " (scenario healthy)");
    assertThat(new LabStateStore(paths).read(name).orElseThrow().scenario())
        .isEqualTo("seed-incident");
  }

  private Set<String> rootLinks() {
    String out = runner.run(List.of("ip", "-o", "link", "show"), TIMEOUT).orThrow().stdout();
    return Set.copyOf(Arrays.stream(out.split("\n")).map(l -> l.split(":")[1].strip()).toList());
  }

  private CommandResult peerfix(String... args) {
    List<String> argv = new ArrayList<>(List.of("java", "-jar", System.getProperty("peerfix.jar")));
    argv.addAll(List.of(args));
    return runner.run(argv, TIMEOUT);
  }
}
