package io.peerfix.lab;

import io.peerfix.exec.CommandResult;
import io.peerfix.exec.CommandRunner;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.NodeFactsReader;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.probe.ProbeJson;
import io.peerfix.probe.ServeProtocol;
import io.peerfix.probe.ServeRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * The agents' facts in the lab, read inside each node's namespace (the node's own network, as the
 * DaemonSet's hostNetwork agent sees it): from the node's long-running daemon ({@code peerfix agent
 * serve}) when it answers, else by running {@code peerfix agent facts} there, with a warning in the
 * facts. Nodes whose facts could not be read are left out, as the port says.
 */
public final class LabNodeFactsReader implements NodeFactsReader {
  private static final Duration START_UP = Duration.ofSeconds(20);
  private static final int PARALLEL = 4;
  private static final int DAEMON_PARALLEL = 32;

  private final LabLayout layout;
  private final PeerfixInNamespace peerfix;
  private final MemberClient daemons;
  // JVM starts are what the daemons avoid: when falling back, only a few at a time.
  private final Semaphore jvms = new Semaphore(PARALLEL);

  LabNodeFactsReader(LabLayout layout, CommandRunner runner, MemberClient daemons) {
    this.layout = layout;
    this.peerfix = new PeerfixInNamespace(runner);
    this.daemons = daemons;
  }

  @Override
  public List<NodeFacts> read(List<NodeInfo> nodes, ProbeRequest target) {
    // Daemon requests are cheap to wait on; only the JVM-per-call fallback needs a small pool.
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(DAEMON_PARALLEL, nodes.size() + 1));
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
    String member = "node" + LabPodProber.nodeNumber(node);
    Duration limit =
        Duration.ofSeconds(10)
            .plus(Duration.ofMillis(target == null ? 0 : target.timeoutMillis() * 4));
    MemberClient.Answer answer =
        daemons.ask(
            member,
            ServeProtocol.request(ServeRequest.facts(node.name(), node.podCidr(), target)),
            limit);
    if (answer.ok() && ServeProtocol.errorOf(answer.line()).isEmpty()) {
      return Optional.of(ProbeJson.read(answer.line(), NodeFacts.class));
    }
    String warning =
        "lab member "
            + member
            + ": agent daemon unavailable ("
            + (answer.ok() ? ServeProtocol.errorOf(answer.line()).get() : answer.problem())
            + "); ran peerfix agent facts in its namespace instead";
    jvms.acquireUninterruptibly();
    try {
      return readInNewJvm(node, target).map(f -> f.withWarning(warning));
    } finally {
      jvms.release();
    }
  }

  private Optional<NodeFacts> readInNewJvm(NodeInfo node, ProbeRequest target) {
    List<String> args = new ArrayList<>(List.of("agent", "facts", "--node-name", node.name()));
    if (node.podCidr() != null) {
      args.addAll(List.of("--pod-cidr", node.podCidr().toString()));
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
