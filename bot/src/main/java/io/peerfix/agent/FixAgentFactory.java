package io.peerfix.agent;

import io.peerfix.agent.reconcile.FixAgent;
import io.peerfix.agent.reconcile.IptablesNatTable;
import io.peerfix.agent.reconcile.NatReconciler;
import io.peerfix.agent.reconcile.NodeInspector;
import io.peerfix.agent.reconcile.NodeLock;
import io.peerfix.exec.CommandRunner;
import io.peerfix.fix.FixStore;
import io.peerfix.net.Cidr;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the fix side of {@code agent run} for one node: detects the node's iptables back end
 * (logged once), and wires the reconciler on it with the node's lock file and the agent's clock.
 */
record FixAgentFactory(CommandRunner runner, Path lockFile, Clock clock, boolean dryRun) {
  private static final Logger LOG = LoggerFactory.getLogger(FixAgentFactory.class);

  FixAgent make(
      String node, Supplier<Map<String, String>> labels, FixStore store, Optional<Cidr> pods) {
    IptablesBackendDetector.Detection backend = new IptablesBackendDetector(runner).detect();
    LOG.info("agent for node {} on the {} iptables back end", node, backend.label());
    return new FixAgent(
        new FixAgent.Wiring(
            node,
            labels,
            store,
            new NatReconciler(
                new IptablesNatTable(runner, effective(backend)), new NodeLock(lockFile), clock),
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
