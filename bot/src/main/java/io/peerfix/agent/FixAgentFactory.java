package io.peerfix.agent;

import io.peerfix.agent.reconcile.FixAgent;
import io.peerfix.agent.reconcile.IptablesNatTable;
import io.peerfix.agent.reconcile.NatReconciler;
import io.peerfix.agent.reconcile.NodeInspector;
import io.peerfix.agent.reconcile.NodeLock;
import io.peerfix.agent.reconcile.TableStamps;
import io.peerfix.exec.CommandRunner;
import io.peerfix.fix.FixStore;
import io.peerfix.net.Cidr;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the fix side of {@code agent run} for one node: detects the node's iptables back end
 * (logged once), and wires the reconciler on it with the node's lock file, the agent's clock and
 * the kernel's stamps of the table (how the idle check notices a change, logged with the back end).
 */
record FixAgentFactory(
    CommandRunner runner,
    Path lockFile,
    Clock clock,
    boolean dryRun,
    Function<IptablesBackend, TableStamps> stamps) {
  private static final Logger LOG = LoggerFactory.getLogger(FixAgentFactory.class);

  /**
   * A factory whose commands run somewhere else than this process (a test's runner into a network
   * namespace): the kernel's stamps would be this process's namespace's, so the idle check lists.
   */
  FixAgentFactory(CommandRunner runner, Path lockFile, Clock clock, boolean dryRun) {
    this(runner, lockFile, clock, dryRun, b -> TableStamps.none("commands run elsewhere"));
  }

  FixAgent make(
      String node, Supplier<Map<String, String>> labels, FixStore store, Optional<Cidr> pods) {
    IptablesBackendDetector.Detection backend = new IptablesBackendDetector(runner).detect();
    IptablesBackend driven = effective(backend);
    TableStamps stamps = this.stamps.apply(driven);
    LOG.info(
        "agent for node {} on the {} iptables back end; idle change detection: {}",
        node,
        backend.label(),
        stamps.describe());
    return new FixAgent(
        new FixAgent.Wiring(
            node,
            labels,
            store,
            new NatReconciler(
                new IptablesNatTable(runner, driven), new NodeLock(lockFile), clock, stamps),
            new NodeInspector(runner),
            pods,
            clock,
            dryRun));
  }

  /**
   * The back end to drive: when the rules did not tell it, the system's iptables, which is
   * iptables-nft when it says so (and then lists one chain as cheaply as iptables-nft does).
   */
  static IptablesBackend effective(IptablesBackendDetector.Detection detection) {
    return detection.backend() == IptablesBackend.DEFAULT && detection.label().equals("nf_tables")
        ? IptablesBackend.NFT
        : detection.backend();
  }
}
