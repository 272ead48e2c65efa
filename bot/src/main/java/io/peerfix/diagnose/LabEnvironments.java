package io.peerfix.diagnose;

import io.peerfix.common.UserInputException;

/**
 * Opens the lab as a {@link DiagnosisEnvironment}: its scenario's target, and the lab's adapters of
 * the four ports.
 */
public final class LabEnvironments {
  private LabEnvironments() {}

  public static EnvironmentOpener opener() {
    return (labName, scenarioFile) -> {
      throw new UserInputException(
          "this build of peerfix has no lab collectors yet, so the lab '"
              + labName
              + "' cannot be diagnosed; use a build that includes the lab adapters");
    };
  }
}
