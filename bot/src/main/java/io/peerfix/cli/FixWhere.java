package io.peerfix.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.peerfix.approval.FixGuard;
import io.peerfix.approval.LabApprovers;
import io.peerfix.common.UserInputException;
import io.peerfix.config.ApproversConfig;
import io.peerfix.config.PeerfixConfig;
import io.peerfix.fix.Actor;
import io.peerfix.fix.ApprovalPolicy;
import io.peerfix.fix.FixStore;
import io.peerfix.fixstore.KubernetesFixStore;
import io.peerfix.fixstore.LabFixStore;
import io.peerfix.lab.Lab;
import io.peerfix.lab.LabPaths;
import io.peerfix.lab.Privileges;
import io.peerfix.orchestration.ClusterEnvironments;
import io.peerfix.orchestration.DiagnosisEnvironment;
import io.peerfix.orchestration.LabEnvironments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where {@code peerfix fix ...} finds the fixes, and who may approve them:
 *
 * <ul>
 *   <li>{@code --lab [--lab-name NAME]}: the running lab's fix store. Approvers are the user {@code
 *       demo-approver} (who may not approve a fix they asked for) unless {@code --config FILE}
 *       names them, with group membership from the file's {@code approvers.groupMembers}.
 *   <li>{@code --config FILE [--kubeconfig FILE] [--namespace NS]}: the cluster's {@code NodeFix}
 *       objects in the agents' namespace ({@code --namespace}, else the file's {@code
 *       cluster.agentNamespace}); approvers, group membership and {@code approvalTtl} from the
 *       file; the diagnosis as {@code diagnose --config} runs it.
 * </ul>
 */
final class FixWhere {
  @Option(names = "--lab", description = "The fixes of the running lab.")
  boolean lab;

  @Option(
      names = "--lab-name",
      defaultValue = Lab.DEFAULT_NAME,
      paramLabel = "NAME",
      description = "The lab (default: ${DEFAULT-VALUE}).")
  String labName;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "The configuration file: approvers (with --lab too); without --lab, the cluster it"
              + " describes.")
  Path config;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description =
          "With --config: the kubeconfig file (default: KUBECONFIG, ~/.kube/config, or the"
              + " in-cluster service account).")
  Path kubeconfig;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description =
          "With --config: where the NodeFix objects live (default: the file's"
              + " cluster.agentNamespace).")
  String namespace;

  /** The clock every decision reads; tests give their own. */
  Clock clock = Clock.systemUTC();

  /** Opens the diagnosis environment of a place. */
  @FunctionalInterface
  interface Environments {
    DiagnosisEnvironment open(String target, String command);
  }

  /**
   * One opened place: its store, its approval policy and approvers, where to diagnose, and how to
   * reach it again ({@code flags}, e.g. {@code --lab} or {@code --config peerfix.yaml}); closing it
   * runs {@code closer}.
   */
  record Place(
      FixStore store,
      ApprovalPolicy policy,
      ApproversConfig approvers,
      Environments environments,
      String flags,
      Runnable closer)
      implements AutoCloseable {

    /** The user {@code id} with the groups this place knows them to be in. */
    Actor actor(String id) {
      return new Actor(FixCommand.actor(id).id(), approvers.groupsOf(id));
    }

    /**
     * Where to diagnose {@code target} and probe it again; {@code command} names the caller for the
     * lab's privilege check.
     */
    DiagnosisEnvironment environment(String target, String command) {
      return environments.open(target, command);
    }

    @Override
    public void close() {
      closer.run();
    }
  }

  /** Checks the options and opens the place they name. */
  Place open() {
    if (kubeconfig != null && config == null) {
      throw new UserInputException("--kubeconfig goes with --config FILE");
    }
    if (namespace != null && (config == null || lab)) {
      throw new UserInputException("--namespace goes with --config FILE (without --lab)");
    }
    Optional<PeerfixConfig> parsed =
        Optional.ofNullable(config).map(file -> PeerfixConfig.load(file, System.getenv()));
    if (lab) {
      return labPlace(labState(), parsed);
    }
    if (parsed.isEmpty()) {
      throw new UserInputException(
          "say where the fixes are: --config FILE for a cluster, or --lab (and --lab-name NAME if"
              + " it is not '"
              + Lab.DEFAULT_NAME
              + "') for the lab");
    }
    return clusterPlace(parsed.get());
  }

  /** The guard over {@code place}'s store at this command's clock. */
  FixGuard guard(Place place) {
    return new FixGuard(place.store(), place.policy(), clock);
  }

  private Path labState() {
    Path dir = LabPaths.standard().stateDir(labName);
    if (!Files.isDirectory(dir)) {
      throw new UserInputException(
          "there is no lab named '"
              + labName
              + "': start one with peerfix lab up --name "
              + labName);
    }
    return dir;
  }

  private Place labPlace(Path dir, Optional<PeerfixConfig> parsed) {
    LabFixStore store = new LabFixStore(dir);
    ApprovalPolicy policy = parsed.map(PeerfixConfig::approvalPolicy).orElse(LabApprovers.POLICY);
    ApproversConfig approvers = parsed.map(PeerfixConfig::approvers).orElse(ApproversConfig.none());
    String flags =
        "--lab"
            + (labName.equals(Lab.DEFAULT_NAME) ? "" : " --lab-name " + labName)
            + (config == null ? "" : " --config " + config);
    return new Place(
        store,
        policy,
        approvers,
        (target, command) -> {
          Privileges.requireLabCapabilities(command + " --lab");
          return LabEnvironments.opener().openLab(labName, null);
        },
        flags,
        () -> {});
  }

  private Place clusterPlace(PeerfixConfig parsed) {
    String ns = namespace != null ? namespace : parsed.cluster().agentNamespace();
    KubernetesClient client = ClusterEnvironments.kubernetesClient(kubeconfig);
    KubernetesFixStore store = new KubernetesFixStore(client, ns, Optional.empty());
    ApprovalPolicy policy = parsed.approvalPolicy();
    String flags =
        "--config "
            + config
            + (kubeconfig == null ? "" : " --kubeconfig " + kubeconfig)
            + (namespace == null ? "" : " --namespace " + namespace);
    return new Place(
        store,
        policy,
        parsed.approvers(),
        (target, command) -> ClusterEnvironments.open(parsed, kubeconfig, target, clock),
        flags,
        client::close);
  }
}
