package io.peerfix.schedule;

import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.PodProber;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * One scheduled run's pod probes, shared by the diagnoses of the schedule's targets: the first time
 * any of them asks for a node, one pod there probes every target of the schedule at once ({@link
 * PodProber#probeFromPod(NodeInfo, List)}); every later ask for that node, for any target, is
 * answered from that pod's results. So a run starts at most one probe pod per node it probes, and a
 * diagnosis that probes one representative per NAT fingerprint still starts one per representative.
 * A diagnosis asking at the same time as another waits for the same pod.
 */
final class SharedPodProbes implements PodProber {
  private final PodProber pods;
  private final List<ProbeRequest> requests;
  private final Map<String, FutureTask<List<ProbeResult>>> byNode = new ConcurrentHashMap<>();

  SharedPodProbes(PodProber pods, List<ProbeRequest> requests) {
    this.pods = pods;
    this.requests = List.copyOf(requests);
  }

  @Override
  public ProbeResult probeFromPod(NodeInfo node, ProbeRequest request) {
    int index = requests.indexOf(request);
    if (index < 0) {
      return pods.probeFromPod(node, request); // not one of the schedule's targets
    }
    FutureTask<List<ProbeResult>> mine = new FutureTask<>(() -> pods.probeFromPod(node, requests));
    FutureTask<List<ProbeResult>> pod = byNode.putIfAbsent(node.name(), mine);
    if (pod == null) {
      pod = mine;
      mine.run();
    }
    try {
      return pod.get().get(index);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while node " + node.name() + " was probed", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause().toString(), e.getCause());
    }
  }

  /** How many nodes this run started a probe pod on. */
  int nodesProbed() {
    return byNode.size();
  }
}
