package io.peerfix.probe;

import io.peerfix.facts.ProbeResult;
import java.nio.charset.StandardCharsets;

/**
 * Makes a probe result fit the kubelet's termination message limit (4096 bytes). The kubelet cuts
 * longer messages, which would leave unreadable JSON; instead, connect attempts are left out from
 * the end, and the error says how many, so the message stays a valid result.
 */
final class TerminationMessage {
  static final int LIMIT_BYTES = 4096;

  private TerminationMessage() {}

  static String fit(ProbeResult result) {
    String json = ProbeJson.write(result);
    int keep = result.attempts().size();
    while (bytes(json) > LIMIT_BYTES && keep > 0) {
      keep--;
      json = ProbeJson.write(shortened(result, keep));
    }
    return json;
  }

  private static ProbeResult shortened(ProbeResult r, int keep) {
    int left = r.attempts().size() - keep;
    String note = left + " connect attempts left out to fit the 4096-byte termination message";
    return new ProbeResult(
        r.origin(),
        r.request(),
        r.sourceAddress(),
        r.dns(),
        r.attempts().subList(0, keep),
        r.protocolCheck(),
        r.reachable(),
        r.millis(),
        r.error() == null ? note : r.error() + " (" + note + ")");
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
