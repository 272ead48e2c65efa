package io.peerfix.approval;

import io.peerfix.fix.FixRecord;
import java.util.List;

/**
 * Port: probes the fix's target again from pods on {@code nodes} and says whether they connect now,
 * with the evidence (one line per node).
 */
@FunctionalInterface
public interface FixVerifier {
  Verification verify(FixRecord fix, List<String> nodes);

  /** Whether every probe connected, and what each node's probe saw. */
  record Verification(boolean ok, List<String> evidence) {
    public Verification {
      evidence = List.copyOf(evidence);
    }
  }
}
