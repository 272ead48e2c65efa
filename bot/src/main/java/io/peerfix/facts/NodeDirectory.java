package io.peerfix.facts;

import java.util.List;

/** Port: the cluster's nodes (the Kubernetes API in a cluster, the scenario in the lab). */
@FunctionalInterface
public interface NodeDirectory {
  List<NodeInfo> nodes();
}
