package io.peerfix.approval;

import io.peerfix.facts.NodeDirectory;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.PodProber;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.fix.FixRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@link FixVerifier} over the diagnosis' own ports: a new probe of the target from a pod on each
 * node (probe pods in a cluster, the pod namespaces in the lab), up to {@link #PARALLEL} at a time
 * as the diagnosis probes (one after another, 20 lab nodes took a second to verify), the evidence
 * in the order of the nodes asked for.
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

  /** Probes run at once at most, as many as the diagnosis runs. */
  static final int PARALLEL = 8;

  @Override
  public Verification verify(FixRecord fix, List<String> nodes) {
    Map<String, NodeInfo> known =
        directory.nodes().stream().collect(Collectors.toMap(NodeInfo::name, Function.identity()));
    Map<String, Future<ProbeResult>> probes = new LinkedHashMap<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(PARALLEL, nodes.size())),
            r -> {
              Thread t = new Thread(r, "peerfix-verify");
              t.setDaemon(true);
              return t;
            });
    try {
      for (String node : nodes) {
        NodeInfo info = known.get(node);
        if (info != null) {
          probes.put(node, pool.submit(() -> prober.probeFromPod(info, target)));
        }
      }
      return evidence(nodes, probes);
    } finally {
      pool.shutdownNow();
    }
  }

  private Verification evidence(List<String> nodes, Map<String, Future<ProbeResult>> probes) {
    boolean ok = true;
    List<String> evidence = new ArrayList<>();
    for (String node : nodes) {
      Future<ProbeResult> probe = probes.get(node);
      if (probe == null) {
        ok = false;
        evidence.add(node + ": not in the cluster any more, not probed");
        continue;
      }
      ProbeResult result = result(probe);
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

  /** The probe's result; what it threw is thrown here, as when it ran in this thread. */
  private static ProbeResult result(Future<ProbeResult> probe) {
    try {
      return probe.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while verifying", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
