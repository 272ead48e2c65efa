package io.peerfix.lab;

import io.peerfix.exec.CommandResult;
import io.peerfix.exec.CommandRunner;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.NodeFactsReader;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.probe.ProbeJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The agents' facts in the lab: runs {@code peerfix agent facts} inside each node's namespace (the
 * node's own network, as the DaemonSet's hostNetwork agent sees it), a few nodes at a time. Nodes
 * whose facts could not be read are left out, as the port says.
 */
public final class LabNodeFactsReader implements NodeFactsReader {
  private static final Duration START_UP = Duration.ofSeconds(20);
  private static final int PARALLEL = 4;

  private final LabLayout layout;
  private final PeerfixInNamespace peerfix;

  public LabNodeFactsReader(LabLayout layout, CommandRunner runner) {
    this.layout = layout;
    this.peerfix = new PeerfixInNamespace(runner);
  }

  @Override
  public List<NodeFacts> read(List<NodeInfo> nodes, ProbeRequest target) {
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try {
      List<CompletableFuture<Optional<NodeFacts>>> reads = new ArrayList<>();
      for (NodeInfo node : nodes) {
        reads.add(CompletableFuture.supplyAsync(() -> read(node, target), pool));
      }
      return reads.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList();
    } finally {
      pool.shutdownNow();
    }
  }

  private Optional<NodeFacts> read(NodeInfo node, ProbeRequest target) {
    List<String> args = new ArrayList<>(List.of("agent", "facts", "--node-name", node.name()));
    if (node.podCidr() != null) {
      args.addAll(List.of("--pod-cidr", node.podCidr()));
    }
    Duration timeout = START_UP;
    if (target != null) {
      args.addAll(
          List.of(
              "--target", target.host() + ":" + target.port(),
              "--protocol", target.protocol().name().toLowerCase(Locale.ROOT),
              "--timeout", target.timeoutMillis() + "ms"));
      timeout = timeout.plus(Duration.ofMillis(target.timeoutMillis() * 4));
    }
    String ns = layout.namespaceOf("node" + LabPodProber.nodeNumber(node));
    CommandResult r = peerfix.run(ns, args, timeout);
    String json = PeerfixInNamespace.jsonLine(r.stdout());
    return json == null ? Optional.empty() : Optional.of(ProbeJson.read(json, NodeFacts.class));
  }
}
