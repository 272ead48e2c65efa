package io.peerfix.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a probe pod's state: whether it is over, and the probe result it left in its termination
 * message. Anything else (never started, image not pulled, no or garbled message) becomes an
 * unreachable result whose error says what happened and what to check.
 */
final class ProbePodOutcome {
  /** Waiting reasons the kubelet will not get past by itself within a probe's deadline. */
  private static final Set<String> IMAGE_FAILURES =
      Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull");

  private static final Set<String> START_FAILURES =
      Set.of("CreateContainerConfigError", "CreateContainerError", "RunContainerError");

  private final ProbePodConfig config;
  private final NodeInfo node;
  private final ProbeRequest request;
  private final String podName;
  private final String container;

  /** The outcome of the pod's only probe (its container {@value ProbePodFactory#CONTAINER}). */
  ProbePodOutcome(ProbePodConfig config, NodeInfo node, ProbeRequest request, String podName) {
    this(config, node, request, podName, ProbePodFactory.CONTAINER);
  }

  /** The outcome of the probe that {@code container} of the pod runs. */
  ProbePodOutcome(
      ProbePodConfig config,
      NodeInfo node,
      ProbeRequest request,
      String podName,
      String container) {
    this.config = config;
    this.node = node;
    this.request = request;
    this.podName = podName;
    this.container = container;
  }

  /** {@link #isOver(Pod, List)} for a pod with the one container {@code probe}. */
  static boolean isOver(Pod pod) {
    return isOver(pod, List.of(ProbePodFactory.CONTAINER));
  }

  /**
   * True once the pod will not change by itself: terminated, failed, every probe container
   * terminated, or one stuck without hope (they share one image and one node, so the others will
   * not get further; those that did finish still give their results).
   */
  static boolean isOver(Pod pod, List<String> containers) {
    if (pod == null) {
      return true;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return true;
    }
    List<ContainerState> states =
        containers.stream()
            .map(name -> container(pod, name).map(ContainerStatus::getState).orElse(null))
            .toList();
    return states.stream().anyMatch(s -> s != null && isHopeless(s.getWaiting()))
        || states.stream().allMatch(s -> s != null && s.getTerminated() != null);
  }

  private static boolean isHopeless(ContainerStateWaiting waiting) {
    return waiting != null
        && (IMAGE_FAILURES.contains(waiting.getReason())
            || START_FAILURES.contains(waiting.getReason()));
  }

  /**
   * The probe's result from the pod's last seen state.
   *
   * @param pod the pod, or null if it vanished
   * @param deadline the time the pod was given, if it has passed; null if the pod ended in time
   */
  ProbeResult read(Pod pod, long elapsedMillis, Duration deadline) {
    if (pod == null) {
      return failure(
          elapsedMillis,
          where()
              + " disappeared before it finished (deleted or evicted): check the namespace's events,"
              + " `kubectl -n "
              + config.namespace()
              + " get events`");
    }
    Optional<ContainerState> state = container(pod, container).map(ContainerStatus::getState);
    ContainerStateTerminated terminated = state.map(ContainerState::getTerminated).orElse(null);
    if (terminated != null) {
      return fromTermination(terminated, elapsedMillis);
    }
    ContainerStateWaiting waiting = state.map(ContainerState::getWaiting).orElse(null);
    if (waiting != null && IMAGE_FAILURES.contains(waiting.getReason())) {
      return failure(elapsedMillis, imageFailure(waiting));
    }
    if (waiting != null && START_FAILURES.contains(waiting.getReason())) {
      return failure(elapsedMillis, startFailure(waiting));
    }
    if (pod.getStatus() != null && "Failed".equals(pod.getStatus().getPhase())) {
      return failure(elapsedMillis, podFailed(pod));
    }
    return failure(elapsedMillis, notFinished(pod, waiting, deadline));
  }

  private ProbeResult fromTermination(ContainerStateTerminated terminated, long elapsedMillis) {
    String message = terminated.getMessage();
    if (message == null || message.isBlank()) {
      return failure(
          elapsedMillis,
          where()
              + " ended (exit code "
              + terminated.getExitCode()
              + reasonText(terminated.getReason())
              + ") without a result in its termination message: check that image "
              + config.image()
              + " runs `peerfix probe` and that its memory limit ("
              + config.resources().memoryLimit()
              + ") is enough");
    }
    try {
      ProbeResult result = FactsJson.MAPPER.readValue(message, ProbeResult.class);
      return result.origin() == null || result.origin().isBlank() ? withOrigin(result) : result;
    } catch (JsonProcessingException | RuntimeException e) {
      return failure(
          elapsedMillis,
          where()
              + " ended (exit code "
              + terminated.getExitCode()
              + ") but its termination message is not a probe result ("
              + abbreviate(message)
              + "): check that image "
              + config.image()
              + " is a peerfix version that matches the bot");
    }
  }

  private String imageFailure(ContainerStateWaiting waiting) {
    return where()
        + " could not pull image "
        + config.image()
        + " ("
        + waiting.getReason()
        + messageText(waiting.getMessage())
        + "): check the image name and tag, that node "
        + node.name()
        + " can reach the registry, and the pull secret";
  }

  private String startFailure(ContainerStateWaiting waiting) {
    return where()
        + " could not start its container ("
        + waiting.getReason()
        + messageText(waiting.getMessage())
        + "): check the namespace's Pod Security admission level (the probe needs"
        + " 'restricted' or looser) and the node's container runtime";
  }

  private String podFailed(Pod pod) {
    return where()
        + " failed before the probe ran ("
        + pod.getStatus().getReason()
        + messageText(pod.getStatus().getMessage())
        + "): check `kubectl describe node "
        + node.name()
        + "` for its condition and free resources";
  }

  private String notFinished(Pod pod, ContainerStateWaiting waiting, Duration deadline) {
    String limit = deadline == null ? "" : " within its deadline of " + seconds(deadline);
    if (waiting != null) {
      return where()
          + " was still waiting to start ("
          + waiting.getReason()
          + messageText(waiting.getMessage())
          + ")"
          + limit
          + ": a slow image pull is the usual cause; raise the startup allowance (now "
          + seconds(config.startupAllowance())
          + ") or pre-pull image "
          + config.image();
    }
    boolean started = pod.getStatus() != null && pod.getStatus().getStartTime() != null;
    if (!started) {
      return where()
          + " stayed Pending and never started"
          + limit
          + ": check that node "
          + node.name()
          + " is Ready and its kubelet runs (`kubectl describe node "
          + node.name()
          + "`), and that it has room for a pod (requests cpu "
          + config.resources().cpuRequest()
          + ", memory "
          + config.resources().memoryRequest()
          + ")";
    }
    return where()
        + " was still running"
        + limit
        + ": the probe took longer than expected; check the probe timeout and the"
        + " cluster DNS";
  }

  ProbeResult failure(long elapsedMillis, String error) {
    return new ProbeResult(
        origin(), request, null, null, List.of(), null, false, elapsedMillis, error);
  }

  private ProbeResult withOrigin(ProbeResult r) {
    return new ProbeResult(
        origin(),
        r.request(),
        r.sourceAddress(),
        r.dns(),
        r.attempts(),
        r.protocolCheck(),
        r.reachable(),
        r.millis(),
        r.error());
  }

  private String origin() {
    return "pod " + podName + " on node " + node.name();
  }

  private String where() {
    String which =
        container.equals(ProbePodFactory.CONTAINER) ? "" : " (container " + container + ")";
    return "probe pod " + config.namespace() + "/" + podName + which + " on node " + node.name();
  }

  private static Optional<ContainerStatus> container(Pod pod, String name) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> name.equals(s.getName()))
        .findFirst();
  }

  private static String reasonText(String reason) {
    return reason == null || reason.isBlank() ? "" : ", " + reason;
  }

  private static String messageText(String message) {
    return message == null || message.isBlank() ? "" : ": " + message;
  }

  private static String abbreviate(String text) {
    String oneLine = text.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 80 ? "'" + oneLine + "'" : "'" + oneLine.substring(0, 80) + "...'";
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
