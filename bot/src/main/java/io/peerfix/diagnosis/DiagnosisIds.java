package io.peerfix.diagnosis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The id of a diagnosis when its caller gives none: {@code dg-} and 12 hex digits of a SHA-256 over
 * the target and what the probes of each node saw (outcome, addresses, timings), so the same
 * observations always give the same id and two runs practically never do. The nat tables are left
 * out: they can be large, and the node fix's digest covers the rules themselves.
 */
final class DiagnosisIds {
  private DiagnosisIds() {}

  static String derive(Observations observations) {
    StringBuilder text = new StringBuilder(observations.target().toString()).append('\n');
    for (NodeObservation node : observations.nodes()) {
      text.append(node.name())
          .append('\n')
          .append(node.podProbe())
          .append('\n')
          .append(node.hostProbe())
          .append('\n');
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return "dg-" + HexFormat.of().formatHex(hash).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
