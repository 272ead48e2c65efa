package io.peerfix.facts;

import java.util.List;

/** Port: runs short-lived probes from a pod's network on a node and returns their results. */
@FunctionalInterface
public interface PodProber {
  ProbeResult probeFromPod(NodeInfo node, ProbeRequest request);

  /**
   * Every one of {@code requests} from a pod's network on {@code node}, one result per request in
   * the same order. An adapter that can run them all in one pod does (the cluster's probe pods); by
   * default each is probed on its own.
   */
  default List<ProbeResult> probeFromPod(NodeInfo node, List<ProbeRequest> requests) {
    return requests.stream().map(r -> probeFromPod(node, r)).toList();
  }
}
