package io.peerfix.testbed;

import java.util.List;

/**
 * Where a probe starts: a pod namespace attached to a node interface ({@code inIface}), or the node
 * itself ({@code local}, no in-interface), with the source addresses it can bind.
 */
public record Origin(String name, boolean local, String inIface, List<String> addresses) {
  public Origin {
    addresses = List.copyOf(addresses);
  }
}
