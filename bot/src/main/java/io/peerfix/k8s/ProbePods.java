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
import java.util.HexFormat;
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
 * <p>API calls per probe: create, the watch's list and watch, delete, and one get if the deadline
 * passes.
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
    Pod pod = factory.build(randomId(), node, request);
    String name = pod.getMetadata().getName();
    ProbePodOutcome outcome = new ProbePodOutcome(config, node, request, name);
    Instant start = clock.instant();
    try {
      pods().resource(pod).create();
      return awaitResult(name, outcome, factory.deadline(request), start);
    } catch (KubernetesClientException e) {
      return outcome.failure(elapsed(start), apiFailure(e));
    } finally {
      delete(name);
    }
  }

  private ProbeResult awaitResult(
      String name, ProbePodOutcome outcome, Duration deadline, Instant start) {
    PodResource resource = pods().withName(name);
    try {
      Pod last =
          resource.waitUntilCondition(
              ProbePodOutcome::isOver, deadline.toMillis(), TimeUnit.MILLISECONDS);
      return outcome.read(last, elapsed(start), null);
    } catch (KubernetesClientTimeoutException e) {
      // The deadline passed: one more read says how far the pod got, for the error text.
      return outcome.read(resource.get(), elapsed(start), deadline);
    }
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
