package io.peerfix.k8s;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How probe pods are run: namespace, image, the time allowed for a pod to be scheduled, pull its
 * image and start (on top of the probe's own time), resources, and the bot replica named on each
 * pod's {@link ProbeOwner#LABEL} label.
 */
public record ProbePodConfig(
    String namespace,
    String image,
    String imagePullPolicy,
    Duration startupAllowance,
    Resources resources,
    Optional<ProbeOwner> owner) {

  public ProbePodConfig {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(imagePullPolicy, "imagePullPolicy");
    Objects.requireNonNull(startupAllowance, "startupAllowance");
    Objects.requireNonNull(resources, "resources");
    Objects.requireNonNull(owner, "owner");
    if (image.isBlank()) {
      throw new IllegalArgumentException("probe image must not be blank");
    }
    if (startupAllowance.isNegative() || startupAllowance.isZero()) {
      throw new IllegalArgumentException("startup allowance must be positive");
    }
  }

  /** Defaults: IfNotPresent, 60 s to start, small resources for a short-lived JVM, no owner. */
  public static ProbePodConfig defaults(String namespace, String image) {
    return new ProbePodConfig(
        namespace,
        image,
        "IfNotPresent",
        Duration.ofSeconds(60),
        new Resources("50m", "64Mi", "500m", "192Mi"),
        Optional.empty());
  }

  public ProbePodConfig withOwner(ProbeOwner newOwner) {
    return new ProbePodConfig(
        namespace, image, imagePullPolicy, startupAllowance, resources, Optional.of(newOwner));
  }

  public ProbePodConfig withStartupAllowance(Duration allowance) {
    return new ProbePodConfig(namespace, image, imagePullPolicy, allowance, resources, owner);
  }

  /** Requests and limits of the probe container, as Kubernetes quantities. */
  public record Resources(
      String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {}
}
