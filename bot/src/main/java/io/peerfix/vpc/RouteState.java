package io.peerfix.vpc;

/** A route's state: active, or blackhole (its target is gone, so matching traffic is dropped). */
public enum RouteState {
  ACTIVE,
  BLACKHOLE
}
