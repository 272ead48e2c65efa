package io.peerfix.testbed;

/**
 * One real connection to make: from an {@link Origin} (by name), protocol {@code tcp} or {@code
 * udp}, bound source, destination.
 */
public record Probe(
    String origin, String protocol, String src, int srcPort, String dst, int dstPort) {

  @Override
  public String toString() {
    return protocol + " " + src + ":" + srcPort + " -> " + dst + ":" + dstPort + " from " + origin;
  }
}
