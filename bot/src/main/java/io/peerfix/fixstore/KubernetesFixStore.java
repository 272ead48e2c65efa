package io.peerfix.fixstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.peerfix.fix.FixEvent;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixStore;
import io.peerfix.fix.NodeStatus;
import io.peerfix.fix.Versioned;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster's {@link FixStore}: one {@code NodeFix} resource per fix (desired rules, selector,
 * approval record and history in its spec; CRD in {@code infra/crds/}), and one small {@code
 * NodeFixStatus} per node and fix, written only by that node's agent, owned by the Node (so it goes
 * with it) and labelled with the fix and the node ({@link NodeFixStatuses}).
 *
 * <p>Approvals update the NodeFix with its resourceVersion, so of two replicas handling two presses
 * one wins and the other reads again. An agent creates its status object once and merge-patches it
 * afterwards (one call per change; no server-side apply, which the mock server lacks); a thousand
 * agents write a thousand different objects and never conflict.
 *
 * <p>Each NodeFix carries {@link NodeFixLabels} (so an agent watches only the fixes for its node),
 * and every line its history gains is also published as a Kubernetes Event on it ({@link
 * FixEventRecorder}).
 */
public final class KubernetesFixStore implements FixStore {
  public static final String GROUP = "peerfix.io";
  public static final String VERSION = "v1alpha1";
  public static final ResourceDefinitionContext FIXES = context("NodeFix", "nodefixes");
  public static final ResourceDefinitionContext STATUSES =
      context("NodeFixStatus", "nodefixstatuses");
  public static final String FIX_LABEL = "peerfix.io/fix";
  public static final String NODE_LABEL = "peerfix.io/node";

  private final KubernetesClient client;
  private final String namespace;
  private final NodeFixStatuses statuses;
  private final ObjectMapper json = FixJson.mapper();
  private final FixEventRecorder events;
  // The record last read per fix, so an update knows which history lines it adds (its Events).
  private final Map<String, Versioned<FixRecord>> lastRead = new ConcurrentHashMap<>();

  /**
   * A store in {@code namespace}; {@code nodeUid} is the agent's Node's uid (its status objects are
   * owned by it), empty for the bot and the terminal.
   */
  public KubernetesFixStore(KubernetesClient client, String namespace, Optional<String> nodeUid) {
    this.client = client;
    this.namespace = namespace;
    this.statuses = new NodeFixStatuses(client, namespace, nodeUid);
    this.events = new FixEventRecorder(client, namespace);
  }

  private static ResourceDefinitionContext context(String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(GROUP)
        .withVersion(VERSION)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }

  @Override
  public boolean create(FixRecord fix) {
    try {
      GenericKubernetesResource written =
          client
              .genericKubernetesResources(FIXES)
              .inNamespace(namespace)
              .resource(toResource(fix, null))
              .create();
      events.publish(fix, fix.events(), written);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      throw failure("cannot create NodeFix " + fix.name(), e);
    }
  }

  @Override
  public Optional<Versioned<FixRecord>> get(String name) {
    try {
      GenericKubernetesResource r =
          client.genericKubernetesResources(FIXES).inNamespace(namespace).withName(name).get();
      Optional<Versioned<FixRecord>> read = Optional.ofNullable(r).map(this::versioned);
      read.ifPresentOrElse(v -> lastRead.put(name, v), () -> lastRead.remove(name));
      return read;
    } catch (KubernetesClientException e) {
      throw failure("cannot read NodeFix " + name, e);
    }
  }

  @Override
  public List<Versioned<FixRecord>> list() {
    try {
      List<Versioned<FixRecord>> all = new ArrayList<>();
      for (GenericKubernetesResource r :
          client.genericKubernetesResources(FIXES).inNamespace(namespace).list().getItems()) {
        all.add(versioned(r));
      }
      all.sort(Comparator.comparing(v -> v.value().proposedAt()));
      return all;
    } catch (KubernetesClientException e) {
      throw failure("cannot list NodeFixes", e);
    }
  }

  @Override
  public boolean update(FixRecord fix, String expectedVersion) {
    try {
      GenericKubernetesResource written =
          client
              .genericKubernetesResources(FIXES)
              .inNamespace(namespace)
              .resource(toResource(fix, expectedVersion))
              .update();
      events.publish(fix, added(fix, expectedVersion), written);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409 || e.getCode() == 404) {
        return false;
      }
      throw failure("cannot update NodeFix " + fix.name(), e);
    }
  }

  @Override
  public void putNodeStatus(NodeStatus status) {
    statuses.put(status);
  }

  @Override
  public List<NodeStatus> nodeStatuses(String fixName) {
    return statuses.of(fixName);
  }

  /**
   * The history lines {@code fix} adds to the version it replaces: those not in the record last
   * read at that version, or (not read here) the newest line alone.
   */
  private List<FixEvent> added(FixRecord fix, String expectedVersion) {
    Versioned<FixRecord> before = lastRead.get(fix.name());
    if (before == null || !before.version().equals(expectedVersion)) {
      return fix.events().isEmpty()
          ? List.of()
          : List.of(fix.events().get(fix.events().size() - 1));
    }
    Set<FixEvent> old = new HashSet<>(before.value().events());
    return fix.events().stream().filter(e -> !old.contains(e)).toList();
  }

  private GenericKubernetesResource toResource(FixRecord fix, String resourceVersion) {
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = json.convertValue(fix, Map.class);
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(GROUP + "/" + VERSION)
        .withKind("NodeFix")
        .withNewMetadata()
        .withName(fix.name())
        .withNamespace(namespace)
        .withResourceVersion(resourceVersion)
        .withLabels(NodeFixLabels.of(fix))
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  /** The fix a NodeFix object holds, with its resourceVersion; refused when it is not valid. */
  Versioned<FixRecord> versioned(GenericKubernetesResource r) {
    Object spec = r.getAdditionalProperties().get("spec");
    try {
      return new Versioned<>(
          json.convertValue(spec, FixRecord.class), r.getMetadata().getResourceVersion());
    } catch (IllegalArgumentException e) {
      Throwable cause =
          e.getCause() != null && e.getCause().getCause() != null ? e.getCause().getCause() : e;
      throw new IllegalArgumentException(
          "NodeFix " + r.getMetadata().getName() + " is not valid: " + cause.getMessage(), e);
    }
  }

  static StoreException failure(String what, KubernetesClientException e) {
    return new StoreException(what + ": " + e.getMessage(), e);
  }
}
