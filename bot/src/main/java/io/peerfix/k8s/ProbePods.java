package io.peerfix.k8s;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.PodProber;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each probe in a short-lived pod pinned to the node: creates it, watches it until it
 * terminates (or its deadline passes), reads the probe result from the container's termination
 * message, and always deletes it. Whatever goes wrong comes back as an unreachable result whose
 * error says what happened and what to check; this class never throws for a failed probe.
 *
 * <p>API calls per probe pod: create, the watch's list and watch, delete, and one get if the
 * deadline passes; a pod may carry up to {@value ProbePodFactory#MAX_PROBES_PER_POD} probes of its
 * node (a container each), for the same calls.
 */
public final class ProbePods implements PodProber {
  private static final Logger LOG = LoggerFactory.getLogger(ProbePods.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KubernetesClient client;
  private final ProbePodConfig config;
  private final ProbePodFactory factory;
  private final Clock clock;

  public ProbePods(KubernetesClient client, ProbePodConfig config, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.config = Objects.requireNonNull(config, "config");
    this.factory = new ProbePodFactory(config);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public ProbeResult probeFromPod(NodeInfo node, ProbeRequest request) {
    return probeFromPod(node, List.of(request)).get(0);
  }

  /**
   * All of {@code requests} from one pod on {@code node}, a container each, side by side: the same
   * API calls as one probe. More than {@value ProbePodFactory#MAX_PROBES_PER_POD} requests take a
   * pod per {@value ProbePodFactory#MAX_PROBES_PER_POD}, one after the other.
   */
  @Override
  public List<ProbeResult> probeFromPod(NodeInfo node, List<ProbeRequest> requests) {
    List<ProbeResult> results = new ArrayList<>();
    for (int from = 0; from < requests.size(); from += ProbePodFactory.MAX_PROBES_PER_POD) {
      int to = Math.min(requests.size(), from + ProbePodFactory.MAX_PROBES_PER_POD);
      results.addAll(onePod(node, requests.subList(from, to)));
    }
    return results;
  }

  private List<ProbeResult> onePod(NodeInfo node, List<ProbeRequest> requests) {
    Pod pod = factory.build(randomId(), node, requests);
    String name = pod.getMetadata().getName();
    List<ProbePodOutcome> outcomes = new ArrayList<>();
    List<String> containers = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      String container = ProbePodFactory.containerName(i, requests.size());
      containers.add(container);
      outcomes.add(new ProbePodOutcome(config, node, requests.get(i), name, container));
    }
    Instant start = clock.instant();
    try {
      pods().resource(pod).create();
      return awaitResults(name, containers, outcomes, factory.deadline(requests), start);
    } catch (KubernetesClientException e) {
      String failure = apiFailure(e);
      return outcomes.stream().map(o -> o.failure(elapsed(start), failure)).toList();
    } finally {
      delete(name);
    }
  }

  private List<ProbeResult> awaitResults(
      String name,
      List<String> containers,
      List<ProbePodOutcome> outcomes,
      Duration deadline,
      Instant start) {
    PodResource resource = pods().withName(name);
    Pod last;
    Duration passed = null;
    try {
      last =
          resource.waitUntilCondition(
              p -> ProbePodOutcome.isOver(p, containers),
              deadline.toMillis(),
              TimeUnit.MILLISECONDS);
    } catch (KubernetesClientTimeoutException e) {
      // The deadline passed: one more read says how far the pod got, for the error text.
      last = resource.get();
      passed = deadline;
    }
    long elapsed = elapsed(start);
    Pod seen = last;
    Duration limit = passed;
    return outcomes.stream().map(o -> o.read(seen, elapsed, limit)).toList();
  }

  private void delete(String name) {
    try {
      pods().withName(name).withGracePeriod(0).delete();
    } catch (KubernetesClientException e) {
      // The owner reference and the sweeper remove it later; the probe's result stands.
      LOG.warn(
          "could not delete probe pod {}/{}: {} (the sweeper will retry)",
          config.namespace(),
          name,
          e.getMessage());
    }
  }

  private String apiFailure(KubernetesClientException e) {
    String hint =
        e.getCode() == 403
            ? ": the bot's service account needs create, get, list, watch and delete on pods in"
                + " namespace "
                + config.namespace()
                + " (infra/base/rbac-bot.yaml)"
            : ": check the bot's connection to the Kubernetes API";
    return "could not run a probe pod in namespace "
        + config.namespace()
        + " (API status "
        + e.getCode()
        + ": "
        + e.getMessage()
        + ")"
        + hint;
  }

  private NonNamespaceOperation<Pod, PodList, PodResource> pods() {
    return client.pods().inNamespace(config.namespace());
  }

  private long elapsed(Instant start) {
    return Duration.between(start, clock.instant()).toMillis();
  }

  private static String randomId() {
    byte[] bytes = new byte[5];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
