package io.peerfix.facts;

import java.util.List;

/** A name lookup: every IPv4 address returned, how long it took, and how it ended. */
public record DnsLookup(
    String name, DnsStatus status, List<String> addresses, long millis, String error) {
  public DnsLookup {
    addresses = List.copyOf(addresses);
  }
}
