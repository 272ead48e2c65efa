package io.peerfix.k8s;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.probe.ProbeArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the pod for one probe, or for a few probes of one node (a container each): pinned to its
 * node with {@code spec.nodeName} (no scheduler, so it runs even on a full or cordoned node),
 * tolerating every taint like a DaemonSet would, with the restricted Pod Security profile, no
 * service-account token, a deadline, and labels that let the sweeper find it and name the bot
 * replica that made it (no owner reference: see {@link ProbeOwner}).
 */
final class ProbePodFactory {
  static final String NAME_LABEL = "app.kubernetes.io/name";
  static final String NAME_VALUE = "peerfix-probe";
  static final String PROBE_ID_LABEL = "peerfix.io/probe-id";
  static final String TARGET_LABEL = "peerfix.io/target";
  static final String NODE_LABEL = "peerfix.io/node";
  static final String CONTAINER = "probe";

  /**
   * Probes one pod carries at most, one container each: the kubelet keeps 12 KiB of termination
   * messages per pod, shared equally among its containers, and a probe result needs up to 4 KiB.
   */
  public static final int MAX_PROBES_PER_POD = 3;

  static final long NON_ROOT_UID = 65532L;

  private final ProbePodConfig config;

  ProbePodFactory(ProbePodConfig config) {
    this.config = config;
  }

  /**
   * How long a probe may take once its container runs: the lookup and a few connect attempts (the
   * JVM's start is in the startup allowance).
   */
  static Duration probeBudget(ProbeRequest request) {
    return Duration.ofMillis(3 * request.timeoutMillis());
  }

  /** The whole time a probe pod is given, from creation to termination. */
  Duration deadline(ProbeRequest request) {
    return config.startupAllowance().plus(probeBudget(request));
  }

  /** The whole time a pod with these probes is given: its slowest probe's. */
  Duration deadline(List<ProbeRequest> requests) {
    return requests.stream().map(this::deadline).max(Duration::compareTo).orElseThrow();
  }

  /** The container running probe {@code index} of {@code count}: {@code probe}, or probe-1... */
  static String containerName(int index, int count) {
    return count == 1 ? CONTAINER : CONTAINER + "-" + (index + 1);
  }

  Pod build(String probeId, NodeInfo node, ProbeRequest request) {
    return build(probeId, node, List.of(request));
  }

  /**
   * One pod on {@code node} with a container per request (at most {@value #MAX_PROBES_PER_POD}),
   * named by {@link #containerName}; the containers run side by side.
   */
  Pod build(String probeId, NodeInfo node, List<ProbeRequest> requests) {
    if (requests.isEmpty() || requests.size() > MAX_PROBES_PER_POD) {
      throw new IllegalArgumentException(
          "a probe pod carries 1 to " + MAX_PROBES_PER_POD + " probes, not " + requests.size());
    }
    ProbeRequest first = requests.get(0);
    String target =
        requests.size() == 1 ? first.host() + "-" + first.port() : requests.size() + "-targets";
    List<Container> containers = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      containers.add(container(containerName(i, requests.size()), requests.get(i)));
    }
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(NAME_VALUE + "-" + probeId)
            .withNamespace(config.namespace())
            .withLabels(
                Map.of(
                    NAME_LABEL,
                    NAME_VALUE,
                    PROBE_ID_LABEL,
                    probeId,
                    TARGET_LABEL,
                    labelValue(target),
                    NODE_LABEL,
                    labelValue(node.name())))
            .endMetadata()
            .withNewSpec()
            .withNodeName(node.name())
            .withRestartPolicy("Never")
            .withActiveDeadlineSeconds(ceilSeconds(deadline(requests)))
            .withAutomountServiceAccountToken(false)
            .withEnableServiceLinks(false)
            .withHostNetwork(false)
            .withTerminationGracePeriodSeconds(0L)
            .withTolerations(new TolerationBuilder().withOperator("Exists").build())
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withRunAsUser(NON_ROOT_UID)
            .withRunAsGroup(NON_ROOT_UID)
            .withSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build())
            .endSecurityContext()
            .withContainers(containers)
            .endSpec();
    // A label, never an owner reference: the bot lives in another namespace (see ProbeOwner).
    config
        .owner()
        .ifPresent(
            o -> pod.editMetadata().addToLabels(ProbeOwner.LABEL, o.labelValue()).endMetadata());
    return pod.build();
  }

  private Container container(String name, ProbeRequest request) {
    ProbePodConfig.Resources r = config.resources();
    return new ContainerBuilder()
        .withName(name)
        .withImage(config.image())
        .withImagePullPolicy(config.imagePullPolicy())
        .withArgs(args(request))
        .withTerminationMessagePath("/dev/termination-log")
        .withTerminationMessagePolicy("File")
        .withSecurityContext(
            new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(NON_ROOT_UID)
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withPrivileged(false)
                .withCapabilities(new Capabilities(null, List.of("ALL")))
                .withSeccompProfile(new SeccompProfileBuilder().withType("RuntimeDefault").build())
                .build())
        .withResources(
            new ResourceRequirementsBuilder()
                .withRequests(
                    Map.of(
                        "cpu",
                        new Quantity(r.cpuRequest()),
                        "memory",
                        new Quantity(r.memoryRequest())))
                .withLimits(
                    Map.of(
                        "cpu", new Quantity(r.cpuLimit()), "memory", new Quantity(r.memoryLimit())))
                .build())
        .build();
  }

  /** The probe program's command line, as {@code peerfix probe --help} documents it. */
  static List<String> args(ProbeRequest request) {
    return ProbeArgs.of(request);
  }

  private static long ceilSeconds(Duration duration) {
    return (duration.toMillis() + 999) / 1000;
  }

  /** A valid label value: at most 63 of [A-Za-z0-9-_.], starting and ending alphanumeric. */
  static String labelValue(String text) {
    String cleaned = text.replaceAll("[^A-Za-z0-9._-]", "-");
    if (cleaned.length() > 63) {
      cleaned = cleaned.substring(0, 63);
    }
    return cleaned.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
  }
}
