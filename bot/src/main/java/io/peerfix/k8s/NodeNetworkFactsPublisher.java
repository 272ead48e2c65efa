package io.peerfix.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.peerfix.common.UserInputException;
import io.peerfix.facts.NodeFacts;
import io.peerfix.nat.NatSlice;
import io.peerfix.nat.NatSlicer;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.net.Ipv4Interface;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The agent's side: publishes its node's facts as the node's NodeNetworkFacts resource (creates or
 * replaces it), one API call per publication.
 *
 * <p>The nat table is published as its slice ({@link NatSlicer}): what can decide a packet from a
 * pod to an address outside the Service range, at most {@code maxTableBytes} (default {@link
 * NatSlicer#DEFAULT_MAX_BYTES}), with the whole table's SHA-256 and what was left out in {@code
 * natSlice}. A 10,000-Service node's 17 MB table so fits etcd's 1.5 MB object limit. A slice over
 * the limit publishes no table and a warning saying so; a table that cannot be read is published as
 * it is when it fits, with a warning.
 */
public final class NodeNetworkFactsPublisher {
  private final KubernetesClient client;
  private final String namespace;
  private final Cidr serviceRange;
  private final int maxTableBytes;

  /** Infers the Service range from kube-proxy's rules; the default size limit. */
  public NodeNetworkFactsPublisher(KubernetesClient client, String namespace) {
    this(client, namespace, null, NatSlicer.DEFAULT_MAX_BYTES);
  }

  /** {@code serviceRange} may be null (then inferred from kube-proxy's rules). */
  public NodeNetworkFactsPublisher(
      KubernetesClient client, String namespace, Cidr serviceRange, int maxTableBytes) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.serviceRange = serviceRange;
    this.maxTableBytes = maxTableBytes;
  }

  /**
   * Publishes {@code spec} with its nat table sliced; {@code nodeUid} (may be null) makes the Node
   * the resource's owner.
   */
  public void publish(NodeNetworkFactsSpec spec, String nodeUid) {
    client
        .genericKubernetesResources(NodeNetworkFactsResource.CONTEXT)
        .inNamespace(namespace)
        .resource(NodeNetworkFactsResource.toResource(namespace, sliced(spec), nodeUid))
        .createOr(NonDeletingOperation::update);
  }

  /** {@code spec} as it is published: its nat table replaced by the slice. Pure. */
  public NodeNetworkFactsSpec sliced(NodeNetworkFactsSpec spec) {
    NodeFacts f = spec.facts();
    if (spec.natSlice() != null || f.natTable() == null || f.natTable().isBlank()) {
      return spec;
    }
    List<String> warnings = new ArrayList<>(f.warnings());
    String table;
    NatSlice slice;
    try {
      slice = NatSlicer.slice(f.natTable(), serviceRange, addresses(f), maxTableBytes);
      // Nothing left out: the table as the node printed it, not a re-rendering.
      table = slice.partial() ? slice.table() : f.natTable();
      if (slice.overLimit()) {
        warnings.add(slice.note());
      }
    } catch (UserInputException e) {
      boolean fits = f.natTable().length() <= maxTableBytes;
      warnings.add(
          "the agent could not read its nat table to slice it ("
              + e.getMessage()
              + ")"
              + (fits
                  ? "; published as it is"
                  : "; it is over the limit, so no table is published"));
      return new NodeNetworkFactsSpec(
          spec.nodeName(),
          spec.observedAt(),
          f.withNatTable(fits ? f.natTable() : "", warnings),
          spec.hostProbes(),
          null);
    }
    NatSlice summary = slice.withoutTable();
    return new NodeNetworkFactsSpec(
        spec.nodeName(),
        spec.observedAt(),
        f.withNatTable(table, warnings),
        spec.hostProbes(),
        summary);
  }

  private static List<Ipv4> addresses(NodeFacts f) {
    return f.addresses().stream().map(Ipv4Interface::address).toList();
  }
}
