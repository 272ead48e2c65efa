package io.peerfix.lab;

import io.peerfix.exec.CommandResult;
import io.peerfix.exec.CommandRunner;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.PodProber;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.probe.ProbeArgs;
import io.peerfix.probe.ProbeJson;
import io.peerfix.probe.ServeProtocol;
import io.peerfix.probe.ServeRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Probes from the pod on a lab node, from inside that pod's namespace (where names resolve through
 * the lab's DNS server), as the real adapter runs a probe pod pinned to the node: through the pod's
 * long-running daemon ({@code peerfix agent serve}) when it answers, else by running {@code peerfix
 * probe} there, with a warning. A probe that produced no result comes back as an unreachable result
 * saying why.
 */
public final class LabPodProber implements PodProber {
  private static final Duration START_UP = Duration.ofSeconds(20);

  private final LabLayout layout;
  private final PeerfixInNamespace peerfix;
  private final MemberClient daemons;
  private final Consumer<String> warnings;

  LabPodProber(
      LabLayout layout, CommandRunner runner, MemberClient daemons, Consumer<String> warnings) {
    this.layout = layout;
    this.peerfix = new PeerfixInNamespace(runner);
    this.daemons = daemons;
    this.warnings = warnings;
  }

  @Override
  public ProbeResult probeFromPod(NodeInfo node, ProbeRequest request) {
    String pod = "pod" + nodeNumber(node);
    String origin = "pod on " + node.name();
    MemberClient.Answer answer =
        daemons.ask(
            pod,
            ServeProtocol.request(ServeRequest.probe(request, origin)),
            Duration.ofMillis(request.timeoutMillis() * 4).plusSeconds(2));
    if (answer.ok() && ServeProtocol.errorOf(answer.line()).isEmpty()) {
      return ProbeJson.read(answer.line(), ProbeResult.class);
    }
    warnings.accept(
        "lab member "
            + pod
            + ": probe daemon unavailable ("
            + (answer.ok() ? ServeProtocol.errorOf(answer.line()).get() : answer.problem())
            + "); ran peerfix probe in its namespace instead");
    return probeInNewJvm(node, pod, request);
  }

  private ProbeResult probeInNewJvm(NodeInfo node, String pod, ProbeRequest request) {
    List<String> args = new ArrayList<>(ProbeArgs.of(request));
    args.addAll(List.of("--origin", "pod on " + node.name(), "--termination-log", "/dev/null"));
    long start = System.nanoTime();
    CommandResult r =
        peerfix.run(
            layout.namespaceOf(pod),
            args,
            START_UP.plus(Duration.ofMillis(request.timeoutMillis() * 4)));
    String json = PeerfixInNamespace.jsonLine(r.stdout());
    if (json != null) {
      return ProbeJson.read(json, ProbeResult.class);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new ProbeResult(
        "pod on " + node.name(),
        request,
        null,
        null,
        List.of(),
        null,
        false,
        millis,
        "the probe in lab member " + pod + " gave no result: " + r.describeFailure());
  }

  /** The lab node number of {@code node}, from its member label (e.g. node2 -> 2). */
  static int nodeNumber(NodeInfo node) {
    String member = node.labels().get(LabNodeDirectory.MEMBER_LABEL);
    if (member == null || !member.startsWith("node")) {
      throw new IllegalArgumentException("node " + node.name() + " is not a lab node");
    }
    return Integer.parseInt(member.substring("node".length()));
  }
}
