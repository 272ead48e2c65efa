package io.peerfix.orchestration;

import io.peerfix.config.PeerfixConfig;
import java.nio.file.Path;

/**
 * Opens a configured target in a real cluster and AWS account as a {@link DiagnosisEnvironment}.
 */
@FunctionalInterface
public interface ClusterOpener {
  /**
   * @param kubeconfig the kubeconfig file to use, or null for fabric8's usual discovery
   * @throws io.peerfix.common.UserInputException when the target is not configured or cannot be
   *     found
   */
  DiagnosisEnvironment openCluster(PeerfixConfig config, Path kubeconfig, String targetName);
}
