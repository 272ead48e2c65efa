package io.peerfix.diagnosis;

import io.peerfix.net.Ipv4;
import java.util.Objects;
import java.util.Optional;

/**
 * A probe a piece of evidence rests on: the node it stands for, pod or host side, how it ended, the
 * address and port it connected to (when it tried) and the source address it reported (when it
 * did).
 */
public record ProbeCite(
    String node,
    ProbeSide side,
    ProbeView outcome,
    Optional<Ipv4> address,
    int port,
    Optional<Ipv4> source) {
  public ProbeCite {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(outcome, "outcome");
    address = address == null ? Optional.empty() : address;
    source = source == null ? Optional.empty() : source;
  }
}
