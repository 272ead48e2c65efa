package io.peerfix.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.peerfix.agent.reconcile.FixAgent;
import io.peerfix.agent.reconcile.KernelStamps;
import io.peerfix.agent.reconcile.Pass;
import io.peerfix.agent.reconcile.TableStamps;
import io.peerfix.common.Counted;
import io.peerfix.common.UserInputException;
import io.peerfix.exec.CommandRunner;
import io.peerfix.exec.ProcessCommandRunner;
import io.peerfix.fix.FixStore;
import io.peerfix.fix.NodeStatus;
import io.peerfix.fixstore.LabFixStore;
import io.peerfix.fixstore.NodeFixWatch;
import io.peerfix.net.Cidr;
import io.peerfix.orchestration.ClusterEnvironments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code peerfix agent run}: the long-running per-node agent. It keeps the fixes approved for its
 * node in the node's nat table (re-applied at start, repaired when flushed, removed on revert) and
 * reports its node's status per fix to the fix store. Runs until stopped or, with {@code
 * --namespace}, until that network namespace is deleted (the lab).
 *
 * <p>In the lab ({@code --lab-store}) the fixes are the lab's files. In a cluster (the default) it
 * finds its Node (uid and labels), watches only the NodeFixes that concern its node ({@link
 * NodeFixWatch}), writes its own NodeFixStatus per fix (owned by the Node), and publishes its
 * NodeNetworkFacts every few minutes.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the node agent: keep the approved fixes for this node in its nat table and report.",
      "Exit code: 0 stopped (with --once: every fix for this node is in effect, or reverted),",
      "1 failed (with --once: a fix for this node is FAILED, refused included, or OVERRIDDEN),",
      "2 bad input."
    })
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
  private static final Duration TICK = Duration.ofSeconds(1);
  private static final Duration SYNC_LIMIT = Duration.ofSeconds(30);

  @Option(
      names = "--node-name",
      paramLabel = "NAME",
      description = "Node name (default: $NODE_NAME, else hostname).")
  String nodeName;

  @Option(
      names = "--pod-cidr",
      paramLabel = "CIDR",
      description = "Pod range (default: the cbr0/cni0 bridge's).")
  String podCidr;

  @Option(
      names = "--lab-store",
      paramLabel = "DIR",
      description =
          "The lab's fix store directory (the lab's state directory); without it, the cluster.")
  Path labStore;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description =
          "In a cluster: the kubeconfig file (default: KUBECONFIG, ~/.kube/config, or the"
              + " in-cluster service account).")
  Path kubeconfig;

  @Option(
      names = "--fix-namespace",
      paramLabel = "NS",
      description =
          "In a cluster: the namespace of the NodeFix, NodeFixStatus and NodeNetworkFacts objects"
              + " (default: $POD_NAMESPACE, the agent's own).")
  String fixNamespace;

  @Option(names = "--dry-run", description = "Only say what would change; write no rule.")
  boolean dryRun;

  @Option(names = "--once", description = "One pass, print what it did, and exit.")
  boolean once;

  @Option(
      names = "--lock-file",
      paramLabel = "FILE",
      defaultValue = "/run/xtables.lock",
      description = "The host's xtables lock file (default: ${DEFAULT-VALUE}).")
  Path lockFile;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description = "Exit when /run/netns/NAME no longer exists (the lab's node was removed).")
  String namespace;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve /metrics, /livez and /readyz on PORT (Prometheus; drift repairs, API errors).")
  Integer metricsPort;

  @Option(
      names = "--metrics-bind",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description = "The address --metrics-port listens on (default: ${DEFAULT-VALUE}).")
  String metricsBind;

  private final CommandRunner runner;
  private final Clock clock;
  // The kernel's stamps of the nat table are read in this process's network namespace: only when
  // the commands run in it too.
  private final Function<IptablesBackend, TableStamps> stamps;
  private final io.peerfix.metrics.PeerfixMetrics metrics =
      io.peerfix.metrics.PeerfixMetrics.prometheus();

  RunCommand() {
    this.runner = new ProcessCommandRunner();
    this.clock = Clock.systemUTC();
    this.stamps = KernelStamps::open;
  }

  /** The agent running its commands through {@code runner} (tests: inside a network namespace). */
  RunCommand(CommandRunner runner, Clock clock) {
    this.runner = runner;
    this.clock = clock;
    this.stamps = b -> TableStamps.none("commands run elsewhere");
  }

  @Override
  public Integer call() throws InterruptedException {
    Optional<Cidr> pods;
    try {
      pods = podCidr == null ? Optional.empty() : Optional.of(Cidr.parse(podCidr));
    } catch (IllegalArgumentException e) {
      throw new UserInputException("bad --pod-cidr: " + e.getMessage());
    }
    if (labStore != null && (kubeconfig != null || fixNamespace != null)) {
      throw new UserInputException(
          "--lab-store is the lab's store; --kubeconfig and --fix-namespace are for a cluster: give"
              + " one or the other");
    }
    String node = NodeNames.resolve(nodeName);
    if (labStore != null) {
      StatusRecorder store = new StatusRecorder(new LabFixStore(labStore));
      return run(agent(node, Map::of, store, pods), store, () -> {});
    }
    return runInCluster(node, pods);
  }

  private int runInCluster(String node, Optional<Cidr> pods) throws InterruptedException {
    String ns = fixNamespace != null ? fixNamespace : System.getenv("POD_NAMESPACE");
    if (ns == null || ns.isBlank()) {
      throw new UserInputException(
          "say where the fixes are: --lab-store DIR in the lab, or in a cluster --fix-namespace NS"
              + " (or POD_NAMESPACE, set from metadata.namespace)");
    }
    try (KubernetesClient client = ClusterEnvironments.kubernetesClient(kubeconfig);
        ClusterAgent agent =
            ClusterAgent.open(
                client,
                ns,
                node,
                new FixAgentFactory(runner, lockFile, clock, dryRun, stamps),
                runner,
                pods,
                clock)) {
      if (!agent.watch().awaitSynced(SYNC_LIMIT)) {
        LOG.warn("the NodeFix watches are not synced after {}s; going on", SYNC_LIMIT.toSeconds());
      }
      // Running, the facts are published on their own thread so a long read never delays a tick.
      FactsPublishing facts = agent.facts();
      return run(agent.fixes(), agent.statuses(), once ? facts::tick : facts::offer);
    }
  }

  private FixAgent agent(
      String node, Supplier<Map<String, String>> labels, FixStore store, Optional<Cidr> pods) {
    return new FixAgentFactory(runner, lockFile, clock, dryRun, stamps)
        .make(node, labels, store, pods);
  }

  /** One pass and exit ({@code --once}), else a tick every second until stopped. */
  private int run(FixAgent agent, StatusRecorder store, Runnable alongside)
      throws InterruptedException {
    if (once) {
      return once(agent, store, alongside);
    }
    Path nsFile = namespace == null ? null : Path.of("/run/netns", namespace);
    try (AutoCloseable endpoint = metricsEndpoint()) {
      int repairs = 0;
      HeapRelease release = new HeapRelease();
      while (nsFile == null || Files.exists(nsFile)) {
        try {
          agent.tick().ifPresent(RunCommand::log);
          release.afterTick(agent);
          alongside.run();
        } catch (RuntimeException e) {
          // A store or command hiccup: said once per pass, tried again next tick.
          LOG.warn("agent pass failed: {}", e.getMessage());
          metrics.apiError(io.peerfix.metrics.PeerfixMetrics.Api.KUBERNETES, "agent.pass");
        }
        for (int now = agent.repairsTotal(); repairs < now; repairs++) {
          metrics.driftRepaired();
        }
        Thread.sleep(TICK.toMillis());
      }
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("the metrics endpoint failed: " + e.getMessage(), e);
    }
    return 0;
  }

  /**
   * One pass: prints its changes and each fix's status on this node; 1 when the pass failed or a
   * fix for this node is not in effect (FAILED, which a refused rule shape is, or OVERRIDDEN), as
   * its status says, with the reason on stderr.
   */
  private int once(FixAgent agent, StatusRecorder store, Runnable alongside) {
    Pass pass = agent.pass(store.list().stream().map(v -> v.value()).toList());
    alongside.run();
    pass.changes().forEach(c -> System.out.println(c.kind() + " " + c.line()));
    store.written().forEach(s -> System.out.println("fix " + s.fix() + ": " + s.state()));
    pass.error().ifPresent(e -> System.err.println("error: " + e));
    List<NodeStatus> bad = store.notInEffect();
    bad.forEach(
        s -> System.err.println("error: fix " + s.fix() + " is " + s.state() + ": " + s.detail()));
    return pass.error().isPresent() || !bad.isEmpty() ? 1 : 0;
  }

  /** The metrics endpoint when {@code --metrics-port} asks for one, else nothing to close. */
  private AutoCloseable metricsEndpoint() {
    if (metricsPort == null) {
      return () -> {};
    }
    if (metricsPort < 0 || metricsPort > 65535) {
      throw new UserInputException("--metrics-port " + metricsPort + " is not a port in 0-65535");
    }
    try {
      return io.peerfix.metrics.MetricsEndpoint.start(metricsBind, metricsPort, metrics);
    } catch (java.io.IOException e) {
      throw new UserInputException(
          "cannot serve metrics on " + metricsBind + ":" + metricsPort + ": " + e.getMessage());
    }
  }

  private static void log(Pass pass) {
    if (!pass.changes().isEmpty() || pass.error().isPresent()) {
      LOG.info(
          "{}{}{}",
          Counted.of(pass.changes().size(), "change"),
          pass.wrote() ? " written" : "",
          pass.error().map(e -> ": " + e).orElse(""));
    }
  }

  /** Node names as every agent command resolves them. */
  static final class NodeNames {
    private NodeNames() {}

    static String resolve(String given) {
      if (given != null && !given.isBlank()) {
        return given.strip();
      }
      String env = System.getenv("NODE_NAME");
      if (env != null && !env.isBlank()) {
        return env.strip();
      }
      try {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      } catch (IOException e) {
        return "unknown";
      }
    }
  }
}
