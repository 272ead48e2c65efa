package io.peerfix.vpc;

import io.peerfix.net.Cidr;
import java.util.Objects;

/**
 * One IPv4 route: destination CIDR, the kind and id of its target (id is {@code local} for the
 * VPC's own route), and its state.
 */
public record Route(
    Cidr destinationCidr, RouteTargetKind targetKind, String targetId, RouteState state)
    implements HopEntry {
  public Route {
    Objects.requireNonNull(destinationCidr, "destinationCidr");
    Objects.requireNonNull(targetKind, "targetKind");
    Objects.requireNonNull(state, "state");
  }

  /** An active route. */
  public static Route active(Cidr destinationCidr, RouteTargetKind kind, String targetId) {
    return new Route(destinationCidr, kind, targetId, RouteState.ACTIVE);
  }

  @Override
  public Kind entryKind() {
    return Kind.ROUTE;
  }

  /** Short text such as {@code 10.0.0.0/16 -> pcx-1} or {@code 0.0.0.0/0 -> igw-1 (blackhole)}. */
  @Override
  public String text() {
    String target = targetId == null ? targetKind.text() : targetId;
    return destinationCidr
        + " -> "
        + target
        + (state == RouteState.BLACKHOLE ? " (blackhole)" : "");
  }
}
