package io.peerfix.slack;

import io.peerfix.common.UserInputException;
import io.peerfix.config.PeerfixConfig;
import io.peerfix.lab.LabPaths;
import io.peerfix.orchestration.ClusterOpener;
import io.peerfix.orchestration.DiagnosisEnvironment;
import io.peerfix.orchestration.EnvironmentOpener;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the bot diagnoses and verifies: the targets it knows by name, and an environment opened for
 * one of them for the length of one diagnosis or one verification (closed after it), so a lab
 * rebuilt between two commands is seen as it is now and no client outlives its use.
 */
public interface Environments {
  /** The known targets' names, in the order {@code /peerfix targets} lists them. */
  List<String> targets();

  /**
   * The environment {@code target} lives in.
   *
   * @throws UserInputException when the target is unknown or its environment cannot be opened
   */
  DiagnosisEnvironment open(String target);

  /**
   * The running lab {@code labName}; no targets while it is down. Its target names are read again
   * only when its state or scenario file under {@code paths} changed ({@link LabTargets}).
   */
  static Environments lab(EnvironmentOpener opener, LabPaths paths, String labName) {
    LabTargets names =
        new LabTargets(
            opener, labName, List.of(paths.stateFile(labName), paths.scenarioFile(labName)));
    return new Environments() {
      @Override
      public List<String> targets() {
        return names.names();
      }

      @Override
      public DiagnosisEnvironment open(String target) {
        return opener.openLab(labName, null);
      }
    };
  }

  /**
   * The cluster and AWS account {@code config} describes: its targets, each opened with the
   * Kubernetes client of {@code kubeconfig} (null: fabric8's discovery, in a pod the in-cluster
   * service account) and the AWS SDK's default credentials.
   */
  static Environments cluster(PeerfixConfig config, Path kubeconfig, ClusterOpener opener) {
    List<String> names =
        config.targets().targets().stream().map(io.peerfix.config.TargetConfig::name).toList();
    return new Environments() {
      @Override
      public List<String> targets() {
        return names;
      }

      @Override
      public DiagnosisEnvironment open(String target) {
        if (!names.contains(target)) {
          throw new UserInputException(CommandListener.unknownTarget(target, names));
        }
        return opener.openCluster(config, kubeconfig, target);
      }
    };
  }
}
