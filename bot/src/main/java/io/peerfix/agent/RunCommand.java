package io.peerfix.agent;

import io.peerfix.agent.reconcile.FixAgent;
import io.peerfix.agent.reconcile.IptablesNatTable;
import io.peerfix.agent.reconcile.NatReconciler;
import io.peerfix.agent.reconcile.NodeInspector;
import io.peerfix.agent.reconcile.NodeLock;
import io.peerfix.agent.reconcile.Pass;
import io.peerfix.exec.ProcessCommandRunner;
import io.peerfix.fix.FixStore;
import io.peerfix.fixstore.LabFixStore;
import io.peerfix.net.Cidr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code peerfix agent run}: the long-running per-node agent. It keeps the fixes approved for its
 * node in the node's nat table (re-applied at start, repaired when flushed, removed on revert) and
 * reports its node's status per fix to the fix store. Runs until stopped or, with {@code
 * --namespace}, until that network namespace is deleted (the lab).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the node agent: keep the approved fixes for this node in its nat table and report.",
      "Exit code: 0 stopped, 1 failed, 2 bad input."
    })
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
  private static final Duration TICK = Duration.ofSeconds(1);

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
      required = true,
      description = "The lab's fix store directory (the lab's state directory).")
  Path labStore;

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

  @Override
  public Integer call() throws InterruptedException {
    Optional<Cidr> pods;
    try {
      pods = podCidr == null ? Optional.empty() : Optional.of(Cidr.parse(podCidr));
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this), "bad --pod-cidr: " + e.getMessage());
    }
    ProcessCommandRunner runner = new ProcessCommandRunner();
    IptablesBackendDetector.Detection backend = new IptablesBackendDetector(runner).detect();
    FixStore store = new LabFixStore(labStore);
    String node = NodeNames.resolve(nodeName);
    FixAgent agent =
        new FixAgent(
            new FixAgent.Wiring(
                node,
                Map::of,
                store,
                new NatReconciler(
                    new IptablesNatTable(runner, backend.backend()), new NodeLock(lockFile)),
                new NodeInspector(runner),
                pods,
                Clock.systemUTC(),
                dryRun));
    LOG.info("agent for node {} on the {} iptables back end", node, backend.label());
    if (once) {
      Pass pass = agent.pass(store.list().stream().map(v -> v.value()).toList());
      pass.changes().forEach(c -> System.out.println(c.kind() + " " + c.line()));
      pass.error().ifPresent(e -> System.err.println("error: " + e));
      return pass.error().isPresent() ? 1 : 0;
    }
    Path nsFile = namespace == null ? null : Path.of("/run/netns", namespace);
    while (nsFile == null || Files.exists(nsFile)) {
      try {
        agent
            .tick()
            .ifPresent(
                pass -> {
                  if (!pass.changes().isEmpty() || pass.error().isPresent()) {
                    LOG.info(
                        "{} change(s){}{}",
                        pass.changes().size(),
                        pass.wrote() ? " written" : "",
                        pass.error().map(e -> ": " + e).orElse(""));
                  }
                });
      } catch (RuntimeException e) {
        // A store or command hiccup: said once per pass, tried again next tick.
        LOG.warn("agent pass failed: {}", e.getMessage());
      }
      Thread.sleep(TICK.toMillis());
    }
    return 0;
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
