package io.peerfix.nat;

/** An inclusive port range; a single port has {@code from == to}. */
record PortRange(int from, int to) {
  boolean contains(int port) {
    return port >= from && port <= to;
  }

  @Override
  public String toString() {
    return from == to ? Integer.toString(from) : from + ":" + to;
  }
}
