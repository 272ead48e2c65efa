package io.peerfix.orchestration;

import io.peerfix.common.Problems;
import io.peerfix.facts.ClusterObservations;
import io.peerfix.facts.GroupProbe;
import io.peerfix.facts.NodeDirectory;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.NodeFactsReader;
import io.peerfix.facts.NodeGroup;
import io.peerfix.facts.NodeGrouping;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.PodProber;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One observation round over a cluster of any size: lists the nodes, reads the agents' facts,
 * groups the nodes by NAT fingerprint, and probes from a pod on one representative per group, at
 * most {@code parallelism} probes at a time. Each probe stands for its whole group. Nodes without
 * facts cannot be grouped; up to {@code maxUngroupedProbes} of them are probed on their own and the
 * rest are reported as not observed.
 *
 * <p>Works through the ports only, so the same round runs against the lab's adapters.
 */
public final class ClusterCollector {
  private final NodeDirectory directory;
  private final NodeFactsReader factsReader;
  private final PodProber prober;
  private final int parallelism;
  private final int maxUngroupedProbes;

  public ClusterCollector(
      NodeDirectory directory,
      NodeFactsReader factsReader,
      PodProber prober,
      int parallelism,
      int maxUngroupedProbes) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.factsReader = Objects.requireNonNull(factsReader, "factsReader");
    this.prober = Objects.requireNonNull(prober, "prober");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be positive, was " + parallelism);
    }
    if (maxUngroupedProbes < 0) {
      throw new IllegalArgumentException("maxUngroupedProbes must not be negative");
    }
    this.parallelism = parallelism;
    this.maxUngroupedProbes = maxUngroupedProbes;
  }

  /** Observes the cluster's path to {@code target}. */
  public ClusterObservations collect(ProbeRequest target) {
    List<NodeInfo> nodes = directory.nodes();
    List<NodeFacts> facts = factsReader.read(nodes, target);
    NodeGrouping.Result grouping = NodeGrouping.group(nodes, facts);
    List<NodeGroup> toProbe = new ArrayList<>(grouping.groups());
    List<NodeInfo> notObserved = new ArrayList<>();
    for (NodeInfo node : grouping.withoutFacts()) {
      if (toProbe.size() - grouping.groups().size() < maxUngroupedProbes) {
        toProbe.add(new NodeGroup(null, node, List.of(node)));
      } else {
        notObserved.add(node);
      }
    }
    return new ClusterObservations(target, nodes, facts, probeAll(toProbe, target), notObserved);
  }

  private List<GroupProbe> probeAll(List<NodeGroup> groups, ProbeRequest target) {
    if (groups.isEmpty()) {
      return List.of();
    }
    ExecutorService executor = Executors.newFixedThreadPool(Math.min(parallelism, groups.size()));
    try {
      List<CompletableFuture<GroupProbe>> running =
          groups.stream()
              .map(g -> CompletableFuture.supplyAsync(() -> probe(g, target), executor))
              .toList();
      return running.stream().map(CompletableFuture::join).toList();
    } finally {
      executor.shutdownNow();
    }
  }

  private GroupProbe probe(NodeGroup group, ProbeRequest target) {
    ProbeResult result;
    try {
      result = prober.probeFromPod(group.representative(), target);
    } catch (RuntimeException e) {
      // A prober should return failures as results; if one throws, the round still completes.
      result =
          new ProbeResult(
              "pod on node " + group.representative().name(),
              target,
              null,
              null,
              List.of(),
              null,
              false,
              0,
              "the probe on node "
                  + group.representative().name()
                  + " failed: "
                  + Problems.describe(e));
    }
    return new GroupProbe(group, result);
  }
}
