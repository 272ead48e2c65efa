package io.peerfix.orchestration;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.peerfix.aws.AwsClients;
import io.peerfix.aws.AwsSdkNetworkReader;
import io.peerfix.aws.AwsUnreachableException;
import io.peerfix.common.Problems;
import io.peerfix.common.UserInputException;
import io.peerfix.config.ClusterConfig;
import io.peerfix.config.PeerfixConfig;
import io.peerfix.config.TargetConfig;
import io.peerfix.diagnosis.DiagnosisTarget;
import io.peerfix.k8s.ProbeOwner;
import io.peerfix.k8s.ProbePodConfig;
import io.peerfix.net.Cidr;
import io.peerfix.vpc.AwsQuery;
import io.peerfix.vpc.DbInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Opens one configured target in a real cluster and AWS account: the Kubernetes client by fabric8's
 * usual discovery (the {@code KUBECONFIG} file or {@code ~/.kube/config}, else the in-cluster
 * service account) or from the kubeconfig file given; EC2 and RDS with the SDK's default
 * credentials in the target's region (else {@code aws.region}, else the SDK's default), at {@code
 * aws.endpoint} when set. A target named by RDS instance id is probed at the endpoint and port RDS
 * reports (an RDS that cannot be reached then fails the opening with {@link
 * AwsUnreachableException}, naming the service and what to check). Without {@code cluster.vpcId} no
 * AWS view is read (the diagnosis says so). Closing the environment closes both clients.
 */
public final class ClusterEnvironments {
  private ClusterEnvironments() {}

  /** The opener over real clients. */
  public static ClusterOpener opener(Clock clock) {
    return (config, kubeconfig, target) -> open(config, kubeconfig, target, clock);
  }

  /** The opener over real clients whose requests also pass {@code interceptor} (e.g. metrics). */
  public static ClusterOpener opener(Clock clock, Interceptor interceptor) {
    return (config, kubeconfig, target) ->
        open(config, kubeconfig, target, clock, Optional.of(interceptor));
  }

  /**
   * Probe pods in the probe namespace, labelled with the bot's own Pod name when the downward API
   * gives it ({@code POD_NAME}), so leftovers can be traced to the replica that made them.
   */
  static ProbePodConfig probePods(ClusterConfig cluster) {
    ProbePodConfig pods = ProbePodConfig.defaults(cluster.probeNamespace(), cluster.probeImage());
    return ProbeOwner.fromDownwardApi(System.getenv()).map(pods::withOwner).orElse(pods);
  }

  public static DiagnosisEnvironment open(
      PeerfixConfig config, Path kubeconfig, String targetName, Clock clock) {
    return open(config, kubeconfig, targetName, clock, Optional.empty());
  }

  private static DiagnosisEnvironment open(
      PeerfixConfig config,
      Path kubeconfig,
      String targetName,
      Clock clock,
      Optional<Interceptor> interceptor) {
    TargetConfig target = config.targets().get(targetName);
    ClusterConfig cluster = config.cluster();
    Optional<String> region = target.region().or(() -> config.aws().region());
    AwsSdkNetworkReader aws = AwsClients.reader(region, config.aws().endpoint());
    KubernetesClient kubernetes = null;
    try {
      KnownTarget known = known(target, cluster, aws);
      kubernetes = kubernetesClient(kubeconfig, interceptor);
      ClusterPorts.Settings settings =
          new ClusterPorts.Settings(
              probePods(cluster),
              cluster.agentNamespace(),
              cluster.nodeSelector().orElse(null),
              500,
              100,
              Duration.ofMinutes(10));
      DiagnosisPorts ports = ClusterPorts.of(kubernetes, aws, settings, clock);
      KubernetesClient opened = kubernetes;
      return new DiagnosisEnvironment() {
        @Override
        public List<KnownTarget> targets() {
          return List.of(known);
        }

        @Override
        public DiagnosisPorts ports() {
          return ports;
        }

        @Override
        public void close() {
          try {
            opened.close();
          } finally {
            aws.close();
          }
        }
      };
    } catch (RuntimeException e) {
      if (kubernetes != null) {
        kubernetes.close();
      }
      aws.close();
      throw e;
    }
  }

  private static KnownTarget known(
      TargetConfig target, ClusterConfig cluster, AwsSdkNetworkReader aws) {
    Cidr pods = cluster.podCidr().orElse(null);
    if (target.host().isPresent()) {
      String host = target.host().get();
      return new KnownTarget(
          new DiagnosisTarget(target.name(), host, target.port().orElseThrow(), target.protocol()),
          cluster.vpcId().map(vpc -> AwsQuery.byEndpoint(vpc, host)).orElse(null),
          pods);
    }
    String id = target.rdsInstanceId().orElseThrow();
    String vpc =
        cluster
            .vpcId()
            .orElseThrow(
                () ->
                    new UserInputException(
                        "target '"
                            + target.name()
                            + "' names the RDS instance "
                            + id
                            + ": set cluster.vpcId in the configuration file so peerfix can read"
                            + " the AWS view, or give the target's host: and port: instead"));
    AwsQuery query = AwsQuery.byIdentifier(vpc, id);
    DbInstance db =
        rdsLookup(aws, query, id, target)
            .filter(d -> d.endpointHost() != null)
            .orElseThrow(
                () ->
                    new UserInputException(
                        "RDS does not report an endpoint for the instance "
                            + id
                            + " of target '"
                            + target.name()
                            + "' (check the id, the region and rds:DescribeDBInstances), or give"
                            + " the target's host: and port: instead"));
    int port = target.port().orElse(db.port());
    return new KnownTarget(
        new DiagnosisTarget(target.name(), db.endpointHost(), port, target.protocol()),
        query,
        pods);
  }

  /** The RDS instance {@code id}, as RDS reports it; unreachable RDS named with the target. */
  private static Optional<DbInstance> rdsLookup(
      AwsSdkNetworkReader aws, AwsQuery query, String id, TargetConfig target) {
    try {
      return aws.database(query);
    } catch (AwsUnreachableException e) {
      throw new AwsUnreachableException(
          "cannot look up the RDS instance "
              + id
              + " of target '"
              + target.name()
              + "': "
              + e.getMessage()
              + "; or give the target's host: and port: instead");
    }
  }

  /**
   * A Kubernetes client from {@code kubeconfig}, or by fabric8's usual discovery when null.
   *
   * @throws UserInputException when the file cannot be read or used
   */
  public static KubernetesClient kubernetesClient(Path kubeconfig) {
    return kubernetesClient(kubeconfig, Optional.empty());
  }

  /** As above, every request also passing {@code interceptor} (e.g. metrics). */
  public static KubernetesClient kubernetesClient(Path kubeconfig, Interceptor interceptor) {
    return kubernetesClient(kubeconfig, Optional.of(interceptor));
  }

  private static KubernetesClient kubernetesClient(
      Path kubeconfig, Optional<Interceptor> interceptor) {
    KubernetesClientBuilder builder = new KubernetesClientBuilder();
    interceptor.ifPresent(
        i ->
            builder.withHttpClientBuilderConsumer(
                http ->
                    http.addOrReplaceInterceptor("peerfix-" + i.getClass().getSimpleName(), i)));
    if (kubeconfig == null) {
      return builder.build();
    }
    String text;
    try {
      text = Files.readString(kubeconfig);
    } catch (IOException e) {
      throw new UserInputException(
          "cannot read the kubeconfig file " + kubeconfig + ": " + Problems.describe(e));
    }
    try {
      return builder.withConfig(Config.fromKubeconfig(text)).build();
    } catch (RuntimeException e) {
      throw new UserInputException(
          "the kubeconfig file " + kubeconfig + " cannot be used: " + Problems.describe(e));
    }
  }
}
