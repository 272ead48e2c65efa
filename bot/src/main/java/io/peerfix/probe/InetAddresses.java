package io.peerfix.probe;

import io.peerfix.net.Ipv4;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** Between the JDK's socket addresses and peerfix's {@link Ipv4}: by the bytes, never by text. */
final class InetAddresses {
  private InetAddresses() {}

  /** The IPv4 address of {@code address}, or null when it is not IPv4 (or is null). */
  static Ipv4 ipv4(InetAddress address) {
    return address instanceof Inet4Address v4
        ? Ipv4.of(ByteBuffer.wrap(v4.getAddress()).getInt())
        : null;
  }

  /** The JDK's form of {@code address}, for a socket (no resolver is asked). */
  static InetAddress inet(Ipv4 address) {
    try {
      return InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(address.value()).array());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }
}
