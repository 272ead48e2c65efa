package io.peerfix.demo;

import io.peerfix.diagnosis.RootCause;
import io.peerfix.fix.NodeFix;
import java.util.List;

/**
 * What the demo showed: the root cause found and whether it is the scenario's expected one, the
 * node fix applied (null when none applies), whether the diagnosis after the fix was HEALTHY, what
 * the database said about each pod's source address, and whether after the revert the diagnosis
 * found the original cause again (the pods failing as before).
 */
public record DemoOutcome(
    RootCause found,
    boolean asExpected,
    NodeFix nodeFixApplied,
    boolean verified,
    List<String> serverSees,
    boolean failsAgainAfterRevert) {
  public DemoOutcome {
    serverSees = List.copyOf(serverSees);
  }

  /**
   * Success: the expected cause was found and, where a node fix applies, it worked and reverted.
   */
  public boolean succeeded() {
    return asExpected && (nodeFixApplied == null || (verified && failsAgainAfterRevert));
  }
}
