package io.peerfix.k8s;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The bot replica that creates probe pods, written on each pod as the label {@value #LABEL}. Not an
 * owner reference: probe pods live in a namespace of their own, and an owner reference to the bot's
 * Pod in another namespace is invalid (the garbage collector treats the owner as absent and deletes
 * the probe pod at once). Leftovers of a crashed bot are collected by label and age by {@link
 * ProbePodSweeper}.
 */
public record ProbeOwner(String name) {
  /** The label that names the bot's Pod on each probe pod. */
  public static final String LABEL = "peerfix.io/created-by";

  public ProbeOwner {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("the bot's pod name must not be blank");
    }
  }

  /** The bot's own Pod, e.g. from the downward API's metadata.name. */
  public static ProbeOwner pod(String name) {
    return new ProbeOwner(name);
  }

  /**
   * The bot's own Pod as the downward API hands it in ({@code POD_NAME} from {@code
   * metadata.name}), or empty when it is missing (outside a cluster).
   */
  public static Optional<ProbeOwner> fromDownwardApi(Map<String, String> environment) {
    String name = environment.get("POD_NAME");
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(pod(name));
  }

  /** The label's value: the Pod name as a valid label value. */
  String labelValue() {
    return ProbePodFactory.labelValue(name);
  }
}
