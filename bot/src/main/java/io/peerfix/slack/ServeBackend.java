package io.peerfix.slack;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.peerfix.approval.FixGuard;
import io.peerfix.config.PeerfixConfig;
import io.peerfix.config.SlackConfig;
import io.peerfix.fix.ApprovalPolicy;
import io.peerfix.fix.FixStore;
import io.peerfix.fixstore.KubernetesFixStore;
import io.peerfix.fixstore.LabFixStore;
import io.peerfix.fixstore.MeteredFixStore;
import io.peerfix.k8s.ApiErrorCounter;
import io.peerfix.lab.LabPaths;
import io.peerfix.metrics.PeerfixMetrics;
import io.peerfix.orchestration.ClusterEnvironments;
import io.peerfix.orchestration.EnvironmentOpener;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the bot serves: where it diagnoses ({@link Environments}), the diagnoses themselves, the
 * fixes it offers and drives, the {@code slack} section's settings, and a line saying which it is
 * (for the start-up message). Built for the lab or for a configured cluster; everything else in
 * {@code serve} is the same for both. Closing it closes the clients it holds.
 */
public record ServeBackend(
    String describe,
    Environments environments,
    DiagnosisService diagnoses,
    FixDesk fixes,
    SlackConfig slack,
    AutoCloseable resources)
    implements AutoCloseable {
  public ServeBackend {
    Objects.requireNonNull(describe, "describe");
    Objects.requireNonNull(environments, "environments");
    Objects.requireNonNull(diagnoses, "diagnoses");
    Objects.requireNonNull(fixes, "fixes");
    Objects.requireNonNull(slack, "slack");
    Objects.requireNonNull(resources, "resources");
  }

  /**
   * The running lab {@code labName}: its targets, diagnoses through its namespaces, fixes through
   * its fix store (which the lab's agents apply from), approved under {@code policy}, answering
   * where {@code slack} says.
   */
  public static ServeBackend lab(
      EnvironmentOpener opener,
      LabPaths paths,
      String labName,
      ApprovalPolicy policy,
      SlackConfig slack,
      Duration probeTimeout,
      Clock clock) {
    return lab(
        opener, paths, labName, policy, slack, probeTimeout, clock, PeerfixMetrics.inMemory());
  }

  /** As above, with the fixes' events counted in {@code metrics}. */
  public static ServeBackend lab(
      EnvironmentOpener opener,
      LabPaths paths,
      String labName,
      ApprovalPolicy policy,
      SlackConfig slack,
      Duration probeTimeout,
      Clock clock,
      PeerfixMetrics metrics) {
    Environments environments = Environments.lab(opener, labName);
    FixStore store = new MeteredFixStore(new LabFixStore(paths.stateDir(labName)), metrics);
    return of(
        "lab '" + labName + "'", environments, store, policy, slack, probeTimeout, clock, () -> {});
  }

  /**
   * The cluster and AWS account {@code config} describes: its targets, diagnosed with probe pods
   * through the Kubernetes client of {@code kubeconfig} (null: fabric8's discovery, the in-cluster
   * service account in a pod) and the AWS SDK's default credentials; fixes as NodeFix resources in
   * {@code slack.fixNamespace} (default {@code cluster.namespace}), approved under {@code policy}.
   */
  public static ServeBackend cluster(
      PeerfixConfig config,
      Path kubeconfig,
      ApprovalPolicy policy,
      Duration probeTimeout,
      Clock clock) {
    return cluster(config, kubeconfig, policy, probeTimeout, clock, PeerfixMetrics.inMemory());
  }

  /** As above, with the fixes' events counted in {@code metrics}. */
  public static ServeBackend cluster(
      PeerfixConfig config,
      Path kubeconfig,
      ApprovalPolicy policy,
      Duration probeTimeout,
      Clock clock,
      PeerfixMetrics metrics) {
    SlackConfig slack = config.section(SlackConfig.class);
    Environments environments =
        Environments.cluster(
            config, kubeconfig, ClusterEnvironments.opener(clock, new ApiErrorCounter(metrics)));
    KubernetesClient client =
        ClusterEnvironments.kubernetesClient(kubeconfig, new ApiErrorCounter(metrics));
    String namespace = slack.fixNamespace().orElse(config.cluster().agentNamespace());
    FixStore store =
        new MeteredFixStore(new KubernetesFixStore(client, namespace, Optional.empty()), metrics);
    return of(
        "cluster " + client.getMasterUrl().getHost() + ", fixes in namespace " + namespace,
        environments,
        store,
        policy,
        slack,
        probeTimeout,
        clock,
        client::close);
  }

  private static ServeBackend of(
      String describe,
      Environments environments,
      FixStore store,
      ApprovalPolicy policy,
      SlackConfig slack,
      Duration probeTimeout,
      Clock clock,
      AutoCloseable resources) {
    FixGuard guard = new FixGuard(store, policy, clock);
    return new ServeBackend(
        describe,
        environments,
        new EnvironmentDiagnosisService(environments, probeTimeout, clock),
        FixDesk.over(
            guard, store, new EnvironmentRollouts(store, environments, probeTimeout, clock)),
        slack,
        resources);
  }

  @Override
  public void close() throws Exception {
    resources.close();
  }
}
