package io.peerfix.nat;

import io.peerfix.common.UserInputException;
import java.util.Locale;

/**
 * The first packet of a connection whose fate in the nat table is asked about.
 *
 * <p>Addresses are IPv4 (checked when built). A port of 0 means "not known": a rule that matches on
 * that port then makes the answer depend on it. {@link Origin} says which nat hooks the packet
 * crosses. Build one with {@link #builder()} or {@link #forwarded(String, String, int)}.
 */
public record Packet(
    String src,
    String dst,
    String protocol,
    int srcPort,
    int dstPort,
    String inIface,
    String outIface,
    int mark,
    Origin origin) {

  /** Where the packet comes from, which decides the nat hooks it crosses. */
  public enum Origin {
    /** Routed through the node (a pod's packet arriving on cbr0): nat PREROUTING, POSTROUTING. */
    FORWARDED,
    /** Sent by the node itself (host-network process): nat OUTPUT, POSTROUTING. */
    LOCAL
  }

  public Packet {
    Ipv4.parseUserAddress(src, "source");
    Ipv4.parseUserAddress(dst, "destination");
    protocol = protocol == null ? "tcp" : protocol.toLowerCase(Locale.ROOT);
    if (Protocols.number(protocol) < 0) {
      throw new UserInputException(
          "unknown protocol \"" + protocol + "\": use tcp, udp, icmp, sctp or a number 0-255");
    }
    checkPort(srcPort, "source");
    checkPort(dstPort, "destination");
    inIface = inIface == null ? "" : inIface;
    outIface = outIface == null ? "" : outIface;
    origin = origin == null ? Origin.FORWARDED : origin;
  }

  /** A forwarded TCP packet from {@code cbr0} to {@code eth0}, the usual pod-to-database case. */
  public static Packet forwarded(String src, String dst, int dstPort) {
    return builder().src(src).dst(dst).dstPort(dstPort).build();
  }

  /** A builder with defaults: tcp, in cbr0, out eth0, mark 0, forwarded, ports unknown. */
  public static Builder builder() {
    return new Builder();
  }

  /** Copy with another destination (after DNAT) for the hooks that follow. */
  Packet withDestination(String newDst, int newDstPort) {
    return new Packet(src, newDst, protocol, srcPort, newDstPort, inIface, outIface, mark, origin);
  }

  int protocolNumber() {
    return Protocols.number(protocol);
  }

  private static void checkPort(int port, String which) {
    if (port < 0 || port > 65535) {
      throw new UserInputException(which + " port " + port + " is not in 0-65535");
    }
  }

  /** Fluent builder for {@link Packet}. */
  public static final class Builder {
    private String src;
    private String dst;
    private String protocol = "tcp";
    private int srcPort;
    private int dstPort;
    private String inIface = "cbr0";
    private String outIface = "eth0";
    private int mark;
    private Origin origin = Origin.FORWARDED;

    private Builder() {}

    public Builder src(String value) {
      src = value;
      return this;
    }

    /** The source address as a value (its dotted quad). */
    public Builder src(io.peerfix.net.Ipv4 value) {
      return src(value.toString());
    }

    /** The destination address as a value (its dotted quad). */
    public Builder dst(io.peerfix.net.Ipv4 value) {
      return dst(value.toString());
    }

    public Builder dst(String value) {
      dst = value;
      return this;
    }

    public Builder protocol(String value) {
      protocol = value;
      return this;
    }

    public Builder srcPort(int value) {
      srcPort = value;
      return this;
    }

    public Builder dstPort(int value) {
      dstPort = value;
      return this;
    }

    public Builder inIface(String value) {
      inIface = value;
      return this;
    }

    public Builder outIface(String value) {
      outIface = value;
      return this;
    }

    public Builder mark(int value) {
      mark = value;
      return this;
    }

    public Builder origin(Origin value) {
      origin = value;
      return this;
    }

    public Packet build() {
      return new Packet(src, dst, protocol, srcPort, dstPort, inIface, outIface, mark, origin);
    }
  }
}
