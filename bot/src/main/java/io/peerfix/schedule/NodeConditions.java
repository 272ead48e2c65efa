package io.peerfix.schedule;

import io.peerfix.schedule.watch.NodeCondition;
import java.util.Map;

/**
 * The nodes' conditions for a scheduled run, by node name; a node not listed is ready. The lab's
 * nodes are always ready ({@link #ALL_READY}); a cluster's come from its Node objects ({@link
 * KubernetesNodeConditions}).
 */
public interface NodeConditions {
  NodeConditions ALL_READY = Map::of;

  Map<String, NodeCondition> conditions();
}
