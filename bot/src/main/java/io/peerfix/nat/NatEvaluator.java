package io.peerfix.nat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Predicts what the nat table does to the first packet of a connection: nat PREROUTING (forwarded)
 * or OUTPUT (sent by the node) then POSTROUTING, with policies, jumps, gotos, returns and marks.
 * Where a rule's outcome cannot be known (ipset not given, {@code -m statistic}, an unknown
 * extension, a listing that hides something) it evaluates both ways; it answers when every way
 * gives the same action and source, and otherwise says INDETERMINATE and what it depends on. At
 * most {@value #MAX_PATHS} paths are explored.
 */
public final class NatEvaluator {
  /** Bound on the number of evaluation paths explored for one packet. */
  public static final int MAX_PATHS = 64;

  private NatEvaluator() {}

  public static NatVerdict evaluate(NatTable table, Packet packet, NodeContext node) {
    NodeContext context = node == null ? NodeContext.unknown() : node;
    Set<Integer> locals = new HashSet<>();
    for (String address : context.localAddresses()) {
      locals.add(Ipv4.parseUserAddress(address, "local"));
    }
    List<PathResult> paths = new ArrayList<>();
    Choices choices = new Choices();
    boolean exceeded = false;
    do {
      if (paths.size() == MAX_PATHS) {
        exceeded = true;
        break;
      }
      choices.restart();
      paths.add(new PathRun(table, packet, context, locals, choices).run());
    } while (choices.next());
    return PathMerger.merge(paths, exceeded, table.warnings());
  }
}
