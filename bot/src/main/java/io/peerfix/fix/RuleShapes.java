package io.peerfix.fix;

import io.peerfix.net.Cidr;
import java.util.Optional;

/**
 * The only rule shapes a fix may carry, the ones the diagnosis proposes: MASQUERADE, or SNAT to the
 * node's own address, for a destination that is the target's address or inside a peer VPC range,
 * out of an interface the node has. Checked when a fix is proposed and again by every agent before
 * it writes (a NodeFix written straight into the store gets no further than the first agent).
 */
public final class RuleShapes {
  private RuleShapes() {}

  /** Why {@code rule} is refused for these destinations, if it is; the node is not looked at. */
  public static Optional<Refusal> check(NatRule rule, AllowedDestinations allowed) {
    Cidr d = rule.destination();
    String which = "rule " + rule;
    if (d.prefix() == 0) {
      return Optional.of(new Refusal(RefusalReason.DESTINATION_EVERYWHERE, which));
    }
    for (Cidr cluster : allowed.clusterRanges()) {
      if (cluster.overlaps(d)) {
        return Optional.of(
            new Refusal(
                RefusalReason.DESTINATION_IN_CLUSTER, which + " (overlaps " + cluster + ")"));
      }
    }
    boolean target = d.equals(Cidr.of(allowed.target()));
    boolean peer = allowed.peerRanges().stream().anyMatch(p -> p.contains(d));
    if (!target && !peer) {
      return Optional.of(
          new Refusal(
              RefusalReason.DESTINATION_NOT_ALLOWED,
              which
                  + " (allowed: "
                  + Cidr.of(allowed.target())
                  + (allowed.peerRanges().isEmpty() ? "" : " or inside " + allowed.peerRanges())
                  + ")"));
    }
    return Optional.empty();
  }

  /** As {@link #check(NatRule, AllowedDestinations)}, and the rule must fit {@code node}. */
  public static Optional<Refusal> check(NatRule rule, AllowedDestinations allowed, NodeView node) {
    Optional<Refusal> shape = check(rule, allowed);
    if (shape.isPresent()) {
      return shape;
    }
    if (!node.interfaces().contains(rule.outInterface())) {
      return Optional.of(
          new Refusal(
              RefusalReason.NO_SUCH_INTERFACE,
              "rule " + rule + " on node " + node.name() + " (it has " + sorted(node) + ")"));
    }
    if (rule.toSource().isPresent() && !node.addresses().contains(rule.toSource().get())) {
      return Optional.of(
          new Refusal(
              RefusalReason.SNAT_NOT_NODE_ADDRESS,
              "rule "
                  + rule
                  + " on node "
                  + node.name()
                  + " (its addresses: "
                  + node.addresses()
                  + ")"));
    }
    return Optional.empty();
  }

  private static String sorted(NodeView node) {
    return String.join(", ", new java.util.TreeSet<>(node.interfaces()));
  }
}
