package io.peerfix.vpc;

import io.peerfix.net.Ipv4;
import java.util.Comparator;
import java.util.Optional;

/**
 * Longest-prefix match in one route table, as the VPC router does it. Blackhole routes match too.
 */
final class RouteLookup {
  private RouteLookup() {}

  static Optional<Route> bestRoute(RouteTable table, Ipv4 destination) {
    return table.routes().stream()
        .filter(r -> r.destinationCidr().contains(destination))
        .max(Comparator.comparingInt(r -> r.destinationCidr().prefix()));
  }

  /**
   * The routes of a table as one short text, e.g. {@code 172.20.0.0/16 -> local, 0.0.0.0/0 ->
   * igw-1}.
   */
  static String routesText(RouteTable table) {
    return table.routes().isEmpty()
        ? "none"
        : String.join(", ", table.routes().stream().map(Route::text).toList());
  }
}
