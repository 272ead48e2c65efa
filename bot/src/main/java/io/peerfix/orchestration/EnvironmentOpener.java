package io.peerfix.orchestration;

import java.nio.file.Path;

/** Opens the environment a diagnosis runs in: the lab named, built first from a scenario file. */
@FunctionalInterface
public interface EnvironmentOpener {
  /**
   * @param labName the lab to diagnose
   * @param scenarioFile a scenario to build as that lab first, or null to use the running lab
   * @throws io.peerfix.common.UserInputException when the lab is not running or cannot be built
   */
  DiagnosisEnvironment openLab(String labName, Path scenarioFile);
}
