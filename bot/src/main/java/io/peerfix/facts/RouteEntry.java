package io.peerfix.facts;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.Objects;

/**
 * One line of a node's main routing table: the destination network ({@link Cidr#ALL} for {@code
 * default}), the gateway and preferred source address (null when the route has none) and the device
 * (for a typed route without one, such as {@code blackhole}, the type).
 */
public record RouteEntry(Cidr destination, Ipv4 gateway, String device, Ipv4 source) {
  public RouteEntry {
    Objects.requireNonNull(destination, "destination");
  }

  /** True for the default route. */
  public boolean defaultRoute() {
    return destination.equals(Cidr.ALL);
  }
}
