package io.peerfix.facts;

import io.peerfix.net.Ipv4;
import java.util.List;

/**
 * What one probe saw, from wherever it ran (a pod or a node's host network): the lookup, each
 * connect attempt, the protocol check, and the source address it used.
 *
 * <p>{@code reachable} is true when some address connected (and, for a database protocol, the
 * database answered).
 */
public record ProbeResult(
    String origin,
    ProbeRequest request,
    Ipv4 sourceAddress,
    DnsLookup dns,
    List<ConnectAttempt> attempts,
    ProtocolCheck protocolCheck,
    boolean reachable,
    long millis,
    String error) {
  public ProbeResult {
    attempts = List.copyOf(attempts);
  }
}
