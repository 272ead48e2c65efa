package io.peerfix.agent.reconcile;

import io.peerfix.fix.FixRecord;
import io.peerfix.fix.NatRule;
import io.peerfix.nat.NodeContext;
import io.peerfix.nat.Packet;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.Optional;

/**
 * The packet a fix is judged on, on this node: from a pod address to the fix's target, out of the
 * fix's interface, with the node's addresses (what MASQUERADE picks from) as the NAT engine's
 * context.
 */
record PodToTarget(Packet packet, NodeContext context) {

  /** The packet of {@code fix}; empty when the node's pod range is unknown. */
  static Optional<PodToTarget> of(
      FixRecord fix, NodeInspector.Inspection inspection, Optional<Cidr> podCidr) {
    NatRule first = fix.fix().rules().get(0);
    Optional<Ipv4> pod = inspection.podAddress(podCidr);
    if (pod.isEmpty()) {
      return Optional.empty();
    }
    Packet packet =
        Packet.builder()
            .src(pod.get().toString())
            .dst(fix.allowed().target().toString())
            .outIface(first.outInterface())
            .build();
    NodeContext context =
        new NodeContext(
            inspection.view().addresses().stream().map(Ipv4::toString).toList(),
            inspection.addressOf(first.outInterface()).map(Ipv4::toString).orElse(null),
            null);
    return Optional.of(new PodToTarget(packet, context));
  }
}
