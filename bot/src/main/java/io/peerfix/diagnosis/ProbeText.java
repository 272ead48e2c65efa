package io.peerfix.diagnosis;

import io.peerfix.common.Counted;
import io.peerfix.facts.ConnectAttempt;
import io.peerfix.facts.DnsLookup;
import io.peerfix.facts.ProbeResult;
import io.peerfix.net.Ipv4;
import java.util.Optional;

/** Sentences about probes, for the evidence chain. */
final class ProbeText {
  private ProbeText() {}

  /** "the pod probe on node a" (or "..., run on node b for 3 nodes"). */
  static String podWho(NodeObservation obs) {
    if (obs.probedElsewhere()) {
      return "the pod probe standing for node "
          + obs.name()
          + " (run on node "
          + obs.podProbeNode()
          + " for "
          + obs.podProbeStandsFor()
          + " nodes with the same nat table)";
    }
    if (obs.podProbeStandsFor() > 1) {
      return "the pod probe on node "
          + obs.name()
          + " (standing for "
          + obs.podProbeStandsFor()
          + " nodes with the same nat table)";
    }
    return "the pod probe on node " + obs.name();
  }

  static String hostWho(NodeObservation obs) {
    return "node " + obs.name() + "'s own probe";
  }

  /**
   * "the pod probe on node a timed out connecting to 10.0.5.20:5432 after 2000 ms from 10.244.1.5".
   */
  static String describe(String who, ProbeResult result, ProbeView view) {
    if (result == null) {
      return who + " did not run";
    }
    if (view.dnsFailed()) {
      DnsLookup dns = result.dns();
      return who
          + " could not resolve "
          + dns.name()
          + ": "
          + (dns.error() == null || dns.error().isBlank()
              ? view.text()
              : view == ProbeView.DNS_NXDOMAIN
                  ? "name does not exist (NXDOMAIN; the resolver said \"" + dns.error() + "\")"
                  : view.text() + " (the resolver said \"" + dns.error() + "\")");
    }
    ConnectAttempt attempt = result.attempts().isEmpty() ? null : result.attempts().get(0);
    if (attempt == null) {
      return who
          + " "
          + view.text()
          + (result.error() == null || result.error().isBlank() ? "" : ": " + result.error());
    }
    String source =
        result.sourceAddress() != null
            ? " from " + result.sourceAddress()
            : attempt.localAddress() != null ? " from " + attempt.localAddress() : "";
    String verb =
        switch (view) {
          case CONNECTED, NO_PROTOCOL_ANSWER -> "connected to ";
          case REFUSED -> "was refused (RST) connecting to ";
          case TIMED_OUT -> "timed out connecting to ";
          case UNREACHABLE -> "was told the address is unreachable connecting to ";
          default -> "failed connecting to ";
        };
    String protocol =
        result.protocolCheck() != null && result.protocolCheck().answered()
            ? " and the database answered"
            : view == ProbeView.NO_PROTOCOL_ANSWER ? ", but the database did not answer" : "";
    return who
        + " "
        + verb
        + attempt.address()
        + ":"
        + attempt.port()
        + " "
        + Counted.after(attempt.millis())
        + source
        + protocol;
  }

  /** The pod probe's sentence, citing the probe. */
  static Evidence pod(NodeAnalysis n) {
    ProbeResult result = n.observation().podProbe();
    return Evidence.fact(describe(podWho(n.observation()), result, n.pod()))
        .withProbe(cite(n.name(), ProbeSide.POD, result, n.pod()));
  }

  /** The node's own probe's sentence, citing the probe. */
  static Evidence host(NodeAnalysis n) {
    ProbeResult result = n.observation().hostProbe();
    return Evidence.fact(describe(hostWho(n.observation()), result, n.host()))
        .withProbe(cite(n.name(), ProbeSide.HOST, result, n.host()));
  }

  /** The probe as evidence cites it: outcome, address and port tried, source reported. */
  static ProbeCite cite(String node, ProbeSide side, ProbeResult result, ProbeView view) {
    if (result == null) {
      return new ProbeCite(node, side, view, Optional.empty(), 0, Optional.empty());
    }
    ConnectAttempt attempt = result.attempts().isEmpty() ? null : result.attempts().get(0);
    Optional<Ipv4> source = Ipv4.tryParse(result.sourceAddress());
    if (source.isEmpty() && attempt != null) {
      source = Ipv4.tryParse(attempt.localAddress());
    }
    return new ProbeCite(
        node,
        side,
        view,
        attempt == null ? Optional.empty() : Ipv4.tryParse(attempt.address()),
        attempt == null ? 0 : attempt.port(),
        source);
  }
}
