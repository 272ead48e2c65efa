package io.peerfix.approval;

import io.peerfix.facts.NodeDirectory;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.PodProber;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.fix.FixRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@link FixVerifier} over the diagnosis' own ports: a new probe of the target from a pod on each
 * node (probe pods in a cluster, the pod namespaces in the lab).
 */
public final class ProbeVerifier implements FixVerifier {
  private final NodeDirectory directory;
  private final PodProber prober;
  private final ProbeRequest target;

  public ProbeVerifier(NodeDirectory directory, PodProber prober, ProbeRequest target) {
    this.directory = directory;
    this.prober = prober;
    this.target = target;
  }

  @Override
  public Verification verify(FixRecord fix, List<String> nodes) {
    Map<String, NodeInfo> known =
        directory.nodes().stream().collect(Collectors.toMap(NodeInfo::name, Function.identity()));
    boolean ok = true;
    List<String> evidence = new ArrayList<>();
    for (String node : nodes) {
      NodeInfo info = known.get(node);
      if (info == null) {
        ok = false;
        evidence.add(node + ": not in the cluster any more, not probed");
        continue;
      }
      ProbeResult result = prober.probeFromPod(info, target);
      ok &= result.reachable();
      evidence.add(
          node
              + ": pod probe "
              + (result.reachable() ? "connected" : "failed")
              + " to "
              + target.host()
              + ":"
              + target.port()
              + (result.sourceAddress() == null ? "" : " from " + result.sourceAddress())
              + (result.error() == null ? "" : " (" + result.error() + ")"));
    }
    return new Verification(ok, evidence);
  }
}
