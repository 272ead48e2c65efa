package io.peerfix.probe;

import io.peerfix.net.Ipv4;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The source address the kernel would choose for a destination, found without sending anything.
 *
 * <p>Connecting a UDP socket only runs the route lookup and binds the local address; no packet
 * leaves. It tells a failed TCP connect which source its SYN carried.
 */
final class SourceAddresses {
  private SourceAddresses() {}

  /** The chosen source address, or null when the kernel has no route to {@code destination}. */
  static Ipv4 predict(InetAddress destination, int port) {
    try (DatagramSocket udp = new DatagramSocket()) {
      udp.connect(new InetSocketAddress(destination, port));
      InetAddress local = udp.getLocalAddress();
      return local == null || local.isAnyLocalAddress() ? null : InetAddresses.ipv4(local);
    } catch (IOException | UncheckedIOException e) {
      return null;
    }
  }
}
