package io.peerfix.demo;

import io.peerfix.diagnosis.RootCause;
import io.peerfix.fix.NodeFix;
import java.util.List;

/**
 * What the demo showed: the root cause found and whether it is the scenario's expected one, the
 * node fix applied (null when none applies), whether the diagnosis after the fix was HEALTHY, and
 * what the database said about each pod's source address.
 */
public record DemoOutcome(
    RootCause found,
    boolean asExpected,
    NodeFix nodeFixApplied,
    boolean verified,
    List<String> serverSees) {
  public DemoOutcome {
    serverSees = List.copyOf(serverSees);
  }

  /** Success: the expected cause was found and, where a node fix applies, it worked. */
  public boolean succeeded() {
    return asExpected && (nodeFixApplied == null || verified);
  }
}
