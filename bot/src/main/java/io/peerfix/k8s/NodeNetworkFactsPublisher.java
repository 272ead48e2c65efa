package io.peerfix.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.Objects;

/**
 * The agent's side: publishes its node's facts as the node's NodeNetworkFacts resource (creates or
 * replaces it), one API call per publication.
 */
public final class NodeNetworkFactsPublisher {
  private final KubernetesClient client;
  private final String namespace;

  public NodeNetworkFactsPublisher(KubernetesClient client, String namespace) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
  }

  /** Publishes {@code spec}; {@code nodeUid} (may be null) makes the Node the resource's owner. */
  public void publish(NodeNetworkFactsSpec spec, String nodeUid) {
    client
        .genericKubernetesResources(NodeNetworkFactsResource.CONTEXT)
        .inNamespace(namespace)
        .resource(NodeNetworkFactsResource.toResource(namespace, spec, nodeUid))
        .createOr(NonDeletingOperation::update);
  }
}
