package io.peerfix.schedule;

import io.peerfix.facts.NodeDirectory;
import io.peerfix.facts.NodeInfo;
import io.peerfix.schedule.watch.LeftOut;
import io.peerfix.schedule.watch.NodeCondition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One scheduled run's nodes, listed once for all of the schedule's targets: those that are ready,
 * and apart the ones left out before any probe (not ready, cordoned, being removed) with why.
 */
final class ScheduledNodes implements NodeDirectory {
  private final List<NodeInfo> probed;
  private final List<LeftOut> leftOut;

  private ScheduledNodes(List<NodeInfo> probed, List<LeftOut> leftOut) {
    this.probed = List.copyOf(probed);
    this.leftOut = List.copyOf(leftOut);
  }

  /**
   * Lists {@code nodes} and reads {@code conditions} once; a node without a condition is ready.
   *
   * @throws RuntimeException when either cannot be read
   */
  static ScheduledNodes list(NodeDirectory nodes, NodeConditions conditions) {
    Map<String, NodeCondition> known = conditions.conditions();
    List<NodeInfo> probed = new ArrayList<>();
    List<LeftOut> leftOut = new ArrayList<>();
    for (NodeInfo node : nodes.nodes()) {
      NodeCondition condition = known.getOrDefault(node.name(), NodeCondition.READY);
      if (condition.probed()) {
        probed.add(node);
      } else {
        leftOut.add(new LeftOut(node.name(), condition));
      }
    }
    leftOut.sort(Comparator.comparing(LeftOut::node));
    return new ScheduledNodes(probed, leftOut);
  }

  /** The ready nodes, the only ones the run's diagnoses see. */
  @Override
  public List<NodeInfo> nodes() {
    return probed;
  }

  List<LeftOut> leftOut() {
    return leftOut;
  }
}
