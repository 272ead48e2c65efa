package io.peerfix.facts;

import io.peerfix.net.Ipv4;
import java.util.List;

/** A name lookup: every IPv4 address returned, how long it took, and how it ended. */
public record DnsLookup(
    String name, DnsStatus status, List<Ipv4> addresses, long millis, String error) {
  public DnsLookup {
    addresses = List.copyOf(addresses);
  }
}
