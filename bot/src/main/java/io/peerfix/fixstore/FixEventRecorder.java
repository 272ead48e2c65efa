package io.peerfix.fixstore;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.peerfix.fix.FixEvent;
import io.peerfix.fix.FixRecord;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each new line of a fix's history (proposal, approval, refusal, application,
 * verification, revert, expiry) as a Kubernetes Event on its {@code NodeFix}, so {@code kubectl
 * describe nodefix NAME} and {@code kubectl get events} show who did what, when, for which digest.
 *
 * <p>The Event's name is the fix's name and a hash of the history line, so the same line written
 * twice (a retry) makes one Event. Events are a notice, not the record (the history in the NodeFix
 * is): one that cannot be written is logged and the fix goes on.
 */
final class FixEventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(FixEventRecorder.class);
  static final String COMPONENT = "peerfix";

  private final KubernetesClient client;
  private final String namespace;

  FixEventRecorder(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** Publishes {@code added}, the lines {@code fix}'s history gained, on {@code written}. */
  void publish(FixRecord fix, List<FixEvent> added, GenericKubernetesResource written) {
    for (FixEvent event : added) {
      try {
        client.v1().events().inNamespace(namespace).resource(event(fix, event, written)).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          LOG.warn(
              "fix {}: cannot write the Event for {}: {}",
              fix.name(),
              event.kind(),
              e.getMessage());
        }
      }
    }
  }

  /** The Event's reason for a history line: its kind in CamelCase, e.g. {@code NotVerified}. */
  static String reason(FixEvent.Kind kind) {
    StringBuilder reason = new StringBuilder();
    for (String word : kind.name().split("_")) {
      reason.append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
    }
    return reason.toString();
  }

  private Event event(FixRecord fix, FixEvent e, GenericKubernetesResource written) {
    boolean warning = e.kind() == FixEvent.Kind.REFUSED || e.kind() == FixEvent.Kind.NOT_VERIFIED;
    String message =
        e.kind().name().toLowerCase(java.util.Locale.ROOT)
            + " by "
            + e.actor()
            + " at "
            + DateTimeFormatter.ISO_INSTANT.format(e.at())
            + ", digest "
            + e.digest()
            + (e.detail().isEmpty() ? "" : ": " + e.detail());
    String stamp = DateTimeFormatter.ISO_INSTANT.format(e.at().truncatedTo(ChronoUnit.SECONDS));
    return new EventBuilder()
        .withNewMetadata()
        .withName(fix.name() + "." + NodeFixLabels.hash(e.toString()))
        .withNamespace(namespace)
        .addToLabels(KubernetesFixStore.FIX_LABEL, fix.name())
        .addToAnnotations("peerfix.io/actor", e.actor())
        .addToAnnotations("peerfix.io/digest", e.digest())
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(KubernetesFixStore.GROUP + "/" + KubernetesFixStore.VERSION)
        .withKind("NodeFix")
        .withName(fix.name())
        .withNamespace(namespace)
        .withUid(written.getMetadata().getUid())
        .withResourceVersion(written.getMetadata().getResourceVersion())
        .endInvolvedObject()
        .withReason(reason(e.kind()))
        .withAction(reason(e.kind()))
        .withMessage(message.length() > 1024 ? message.substring(0, 1024) : message)
        .withType(warning ? "Warning" : "Normal")
        .withFirstTimestamp(stamp)
        .withLastTimestamp(stamp)
        .withEventTime(new MicroTime(micro(e.at())))
        .withCount(1)
        .withReportingComponent(COMPONENT)
        .withReportingInstance(COMPONENT)
        .withNewSource()
        .withComponent(COMPONENT)
        .endSource()
        .build();
  }

  private static String micro(Instant at) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
        .withZone(java.time.ZoneOffset.UTC)
        .format(at);
  }
}
