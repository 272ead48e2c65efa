package io.peerfix.vpc;

import inet.ipaddr.IPAddress;
import java.util.Comparator;
import java.util.Optional;

/**
 * Longest-prefix match in one route table, as the VPC router does it. Blackhole routes match too.
 */
final class RouteLookup {
  private RouteLookup() {}

  static Optional<Route> bestRoute(RouteTable table, IPAddress destination) {
    return table.routes().stream()
        .filter(r -> Ip.contains(r.destinationCidr(), destination))
        .max(Comparator.comparingInt(r -> Ip.prefixLength(r.destinationCidr())));
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
