package io.peerfix.orchestration;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.peerfix.aws.AwsSdkNetworkReader;
import io.peerfix.k8s.AgentFactsReader;
import io.peerfix.k8s.KubernetesNodeDirectory;
import io.peerfix.k8s.ProbePodConfig;
import io.peerfix.k8s.ProbePods;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The four ports over a real cluster and AWS account: nodes from the Kubernetes API ({@link
 * KubernetesNodeDirectory}), the agents' NodeNetworkFacts resources ({@link AgentFactsReader}),
 * probe pods ({@link ProbePods}), all through one fabric8 client, and the EC2/RDS view ({@link
 * AwsSdkNetworkReader}, e.g. from {@code AwsClients.defaultReader()}). The agents' facts and the
 * probe pods share one namespace, the one the agent DaemonSet publishes into and the bot's RBAC
 * covers.
 */
public final class ClusterPorts {
  private ClusterPorts() {}

  /**
   * What the Kubernetes adapters need beyond the client.
   *
   * @param probePods namespace, image and limits of probe pods (their own namespace, restricted)
   * @param agentNamespace where the agents publish their facts (the agents' namespace)
   * @param nodeSelector a label selector for the nodes to diagnose, or null for every node
   * @param nodePageSize nodes per list call
   * @param factsPageSize NodeNetworkFacts per list call
   * @param factsMaxAge facts older than this are still used, with a warning that the node's agent
   *     may not be running
   */
  public record Settings(
      ProbePodConfig probePods,
      String agentNamespace,
      String nodeSelector,
      long nodePageSize,
      long factsPageSize,
      Duration factsMaxAge) {
    public Settings {
      Objects.requireNonNull(probePods, "probePods");
      Objects.requireNonNull(agentNamespace, "agentNamespace");
      Objects.requireNonNull(factsMaxAge, "factsMaxAge");
    }

    /**
     * Every node, 500 nodes and 100 facts per list call (1,000 nodes cost 12 list calls, see
     * docs/kubernetes.md), facts flagged after 10 minutes, and probe pods with {@link
     * ProbePodConfig#defaults} (no owner: add the bot's Pod with {@code ProbePodConfig.withOwner}).
     */
    public static Settings defaults(
        String probeNamespace, String agentNamespace, String probeImage) {
      return new Settings(
          ProbePodConfig.defaults(probeNamespace, probeImage),
          agentNamespace,
          null,
          500,
          100,
          Duration.ofMinutes(10));
    }
  }

  /**
   * The ports; page sizes and the probe pod settings are checked by the adapters.
   *
   * @param clock for the facts' age and the probes' durations
   */
  public static DiagnosisPorts of(
      KubernetesClient kubernetes, AwsSdkNetworkReader aws, Settings settings, Clock clock) {
    return new DiagnosisPorts(
        new KubernetesNodeDirectory(kubernetes, settings.nodeSelector(), settings.nodePageSize()),
        new AgentFactsReader(
            kubernetes,
            settings.agentNamespace(),
            settings.factsPageSize(),
            clock,
            settings.factsMaxAge()),
        new ProbePods(kubernetes, settings.probePods(), clock),
        aws);
  }
}
