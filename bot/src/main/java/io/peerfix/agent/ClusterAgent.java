package io.peerfix.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.peerfix.agent.reconcile.FixAgent;
import io.peerfix.exec.CommandRunner;
import io.peerfix.fixstore.KubernetesFixStore;
import io.peerfix.fixstore.NodeFixWatch;
import io.peerfix.k8s.NodeNetworkFactsPublisher;
import io.peerfix.net.Cidr;
import io.peerfix.probe.Prober;
import java.time.Clock;
import java.util.Optional;

/**
 * The agent's parts in a cluster, wired once for {@code agent run} and for the tests that count its
 * API calls: its Node ({@link NodeIdentity}: uid and labels), the two filtered NodeFix watches, the
 * fix agent writing its own NodeFixStatus objects (the last one per fix remembered in {@code
 * statuses}, for {@code --once}), and the facts publisher. Closing it stops the facts publisher's
 * thread and the watches.
 */
record ClusterAgent(
    NodeIdentity identity,
    NodeFixWatch watch,
    FixAgent fixes,
    FactsPublishing facts,
    StatusRecorder statuses)
    implements AutoCloseable {

  static ClusterAgent open(
      KubernetesClient client,
      String namespace,
      String node,
      FixAgentFactory fixAgents,
      CommandRunner runner,
      Optional<Cidr> pods,
      Clock clock) {
    NodeIdentity identity = new NodeIdentity(client, node, clock);
    KubernetesFixStore writes =
        new KubernetesFixStore(client, namespace, Optional.of(identity.uid()));
    NodeFactsCollector collector = new NodeFactsCollector(runner, new Prober(), fixAgents.stamps());
    Cidr podRange = pods.orElse(null);
    FactsPublishing facts =
        new FactsPublishing(
            new NodeNetworkFactsPublisher(client, namespace),
            () ->
                collector.collectForPublishing(
                    new NodeFactsCollector.Request(node, podRange, null)),
            node,
            identity.uid(),
            clock);
    NodeFixWatch watch = NodeFixWatch.start(client, namespace, node, writes);
    StatusRecorder statuses = new StatusRecorder(watch);
    return new ClusterAgent(
        identity, watch, fixAgents.make(node, identity, statuses, pods), facts, statuses);
  }

  @Override
  public void close() {
    facts.close();
    watch.close();
  }
}
