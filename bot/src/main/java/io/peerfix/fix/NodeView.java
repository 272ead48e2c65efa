package io.peerfix.fix;

import io.peerfix.net.Ipv4;
import java.util.Set;

/** What a node has that a rule may name: its interfaces and its own IPv4 addresses. */
public record NodeView(String name, Set<String> interfaces, Set<Ipv4> addresses) {
  public NodeView {
    interfaces = Set.copyOf(interfaces);
    addresses = Set.copyOf(addresses);
  }
}
