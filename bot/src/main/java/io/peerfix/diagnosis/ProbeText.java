package io.peerfix.diagnosis;

import io.peerfix.facts.ConnectAttempt;
import io.peerfix.facts.DnsLookup;
import io.peerfix.facts.ProbeResult;

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
          + view.text()
          + (dns.error() == null || dns.error().isBlank() ? "" : " (" + dns.error() + ")");
    }
    ConnectAttempt attempt = result.attempts().isEmpty() ? null : result.attempts().get(0);
    if (attempt == null) {
      return who + " " + view.text() + (result.error() == null ? "" : ": " + result.error());
    }
    String source =
        result.sourceAddress() != null
            ? " from " + result.sourceAddress()
            : attempt.localAddress() != null ? " from " + attempt.localAddress() : "";
    String verb = view == ProbeView.CONNECTED ? "connected to " : view.text() + " connecting to ";
    String protocol =
        result.protocolCheck() != null && result.protocolCheck().answered()
            ? " and the database answered"
            : "";
    return who
        + " "
        + verb
        + attempt.address()
        + ":"
        + attempt.port()
        + " after "
        + attempt.millis()
        + " ms"
        + source
        + protocol;
  }

  static String pod(NodeAnalysis n) {
    return describe(podWho(n.observation()), n.observation().podProbe(), n.pod());
  }

  static String host(NodeAnalysis n) {
    return describe(hostWho(n.observation()), n.observation().hostProbe(), n.host());
  }
}
