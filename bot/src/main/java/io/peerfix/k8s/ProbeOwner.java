package io.peerfix.k8s;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The object probe pods belong to (the bot's own Pod or Deployment, in the probes' namespace), so
 * that Kubernetes garbage collection removes probe pods a crashed bot left behind.
 */
public record ProbeOwner(String apiVersion, String kind, String name, String uid) {
  public ProbeOwner {
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
  }

  /** The bot's own Pod, e.g. from the downward API's metadata.name and metadata.uid. */
  public static ProbeOwner pod(String name, String uid) {
    return new ProbeOwner("v1", "Pod", name, uid);
  }

  /**
   * The bot's own Pod as the downward API hands it in ({@code POD_NAME} and {@code POD_UID} from
   * {@code metadata.name} and {@code metadata.uid}), or empty when either is missing (outside a
   * cluster).
   */
  public static Optional<ProbeOwner> fromDownwardApi(Map<String, String> environment) {
    String name = environment.get("POD_NAME");
    String uid = environment.get("POD_UID");
    if (name == null || name.isBlank() || uid == null || uid.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(pod(name, uid));
  }

  /** The bot's Deployment. */
  public static ProbeOwner deployment(String name, String uid) {
    return new ProbeOwner("apps/v1", "Deployment", name, uid);
  }

  OwnerReference toReference() {
    // Not a controller and not blocking: the probe pod must never hold up deleting the bot.
    return new OwnerReferenceBuilder()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withName(name)
        .withUid(uid)
        .withController(false)
        .withBlockOwnerDeletion(false)
        .build();
  }
}
