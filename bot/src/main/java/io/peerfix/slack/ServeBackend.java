package io.peerfix.slack;

import io.peerfix.approval.FixGuard;
import io.peerfix.fix.ApprovalPolicy;
import io.peerfix.fixstore.LabFixStore;
import io.peerfix.lab.LabPaths;
import io.peerfix.orchestration.EnvironmentOpener;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What the bot serves: where it diagnoses ({@link Environments}), the diagnoses themselves, the
 * fixes it offers and drives, and a line saying which it is (for the start-up message). Built for
 * the lab or for a configured cluster; everything else in {@code serve} is the same for both.
 */
public record ServeBackend(
    String describe, Environments environments, DiagnosisService diagnoses, FixDesk fixes) {
  public ServeBackend {
    Objects.requireNonNull(describe, "describe");
    Objects.requireNonNull(environments, "environments");
    Objects.requireNonNull(diagnoses, "diagnoses");
    Objects.requireNonNull(fixes, "fixes");
  }

  /**
   * The running lab {@code labName}: its targets, diagnoses through its namespaces, fixes through
   * its fix store (which the lab's agents apply from), approved under {@code policy}.
   */
  public static ServeBackend lab(
      EnvironmentOpener opener,
      LabPaths paths,
      String labName,
      ApprovalPolicy policy,
      Duration probeTimeout,
      Clock clock) {
    Environments environments = Environments.lab(opener, labName);
    LabFixStore store = new LabFixStore(paths.stateDir(labName));
    FixGuard guard = new FixGuard(store, policy, clock);
    return new ServeBackend(
        "lab '" + labName + "'",
        environments,
        new EnvironmentDiagnosisService(environments, probeTimeout, clock),
        FixDesk.over(
            guard, store, new EnvironmentRollouts(store, environments, probeTimeout, clock)));
  }
}
