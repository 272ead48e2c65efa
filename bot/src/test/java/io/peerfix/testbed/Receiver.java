package io.peerfix.testbed;

import java.util.List;

/**
 * A namespace behind one of the node's egress interfaces, answering on every address and port it
 * lists with what it saw. It routes everything back through the node, so any source is observable.
 */
public record Receiver(
    String name, String egressIface, List<String> addresses, List<Integer> ports) {
  public Receiver {
    addresses = List.copyOf(addresses);
    ports = List.copyOf(ports);
  }
}
