package io.peerfix.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.NodeFactsReader;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.nat.NatSlice;
import io.peerfix.net.Ipv4;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the agents' facts from the NodeNetworkFacts resources they publish, in one paginated list
 * of the namespace: the number of API calls is the number of pages, whatever the number of nodes
 * asked for. Each node's host probe is the one its agent ran against the requested target (same
 * host, port and protocol). Facts older than {@code maxAge} and a missing host probe are kept but
 * flagged in the facts' warnings; resources that cannot be read are left out (the node is then
 * unknown to the caller) and logged.
 */
public final class AgentFactsReader implements NodeFactsReader {
  private static final Logger LOG = LoggerFactory.getLogger(AgentFactsReader.class);

  private final KubernetesClient client;
  private final String namespace;
  private final long pageSize;
  private final Clock clock;
  private final Duration maxAge;

  public AgentFactsReader(
      KubernetesClient client, String namespace, long pageSize, Clock clock, Duration maxAge) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    if (pageSize < 1) {
      throw new IllegalArgumentException("page size must be positive, was " + pageSize);
    }
    this.pageSize = pageSize;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
  }

  /**
   * One node's facts are one GET of its resource (named after the node); more nodes' are one
   * paginated list of the namespace.
   */
  @Override
  public List<NodeFacts> read(List<NodeInfo> nodes, ProbeRequest target) {
    Map<String, NodeNetworkFactsSpec> published =
        nodes.size() == 1 ? getOne(nodes.get(0).name()) : listAll();
    List<NodeFacts> facts = new ArrayList<>();
    for (NodeInfo node : nodes) {
      NodeNetworkFactsSpec spec = published.get(node.name());
      if (spec != null) {
        facts.add(forTarget(spec, target));
      }
    }
    return facts;
  }

  private Map<String, NodeNetworkFactsSpec> getOne(String node) {
    Map<String, NodeNetworkFactsSpec> byNode = new HashMap<>();
    GenericKubernetesResource resource =
        client
            .genericKubernetesResources(NodeNetworkFactsResource.CONTEXT)
            .inNamespace(namespace)
            .withName(node)
            .get();
    if (resource != null) {
      addSpec(resource, byNode);
    }
    return byNode;
  }

  private Map<String, NodeNetworkFactsSpec> listAll() {
    Map<String, NodeNetworkFactsSpec> byNode = new HashMap<>();
    String token = null;
    do {
      GenericKubernetesResourceList page =
          client
              .genericKubernetesResources(NodeNetworkFactsResource.CONTEXT)
              .inNamespace(namespace)
              .list(new ListOptionsBuilder().withLimit(pageSize).withContinue(token).build());
      page.getItems().forEach(resource -> addSpec(resource, byNode));
      token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (token != null && !token.isEmpty());
    return byNode;
  }

  private static void addSpec(
      GenericKubernetesResource resource, Map<String, NodeNetworkFactsSpec> byNode) {
    try {
      NodeNetworkFactsSpec spec = NodeNetworkFactsResource.specOf(resource);
      byNode.put(spec.nodeName(), spec);
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "ignoring NodeNetworkFacts {}/{}: it is not valid ({}); check the agent's version",
          resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(),
          e.getMessage());
    }
  }

  private NodeFacts forTarget(NodeNetworkFactsSpec spec, ProbeRequest target) {
    NodeFacts f = spec.facts();
    List<String> warnings = new ArrayList<>(f.warnings());
    Duration age = Duration.between(spec.observedAt(), clock.instant());
    if (age.compareTo(maxAge) > 0) {
      warnings.add(
          "the agent's facts are "
              + age.toMinutes()
              + " min old (observed at "
              + spec.observedAt()
              + "): check that the peerfix agent runs on node "
              + spec.nodeName());
    }
    ProbeResult hostProbe = hostProbeFor(spec, target);
    if (hostProbe == null) {
      warnings.add(
          "the agent on node "
              + spec.nodeName()
              + " has not probed "
              + target.host()
              + ":"
              + target.port()
              + " from the host network: add it to the agent's targets");
    }
    String natTable = f.natTable();
    if (spec.natSlice() != null
        && !spec.natSlice().overLimit()
        && !sliceDecides(spec.natSlice(), target.host())) {
      // The slice left out the rules for this destination: evaluating it would answer wrongly.
      natTable = "";
      warnings.add(
          "node "
              + spec.nodeName()
              + " published only part of its nat table ("
              + spec.natSlice().note()
              + "), which cannot decide packets to "
              + target.host()
              + ": the NAT answer for this target rests on the probes alone");
    }
    return new NodeFacts(
        spec.nodeName(),
        f.iptablesBackend(),
        natTable,
        f.ipsets(),
        f.addresses(),
        f.routes(),
        f.podCidr(),
        f.cni(),
        hostProbe,
        warnings);
  }

  /**
   * Whether the published slice decides packets to {@code host}: an address outside what it left
   * out; a name only when it is not a cluster Service name (those resolve into the Service range).
   */
  static boolean sliceDecides(NatSlice slice, String host) {
    if (slice.overLimit()) {
      return false;
    }
    return Ipv4.tryParse(host)
        .map(slice::decides)
        .orElse(!host.endsWith(".svc") && !host.contains(".svc."));
  }

  private static ProbeResult hostProbeFor(NodeNetworkFactsSpec spec, ProbeRequest target) {
    return spec.hostProbes().stream()
        .filter(p -> p.request() != null && sameTarget(p.request(), target))
        .findFirst()
        .orElse(null);
  }

  private static boolean sameTarget(ProbeRequest a, ProbeRequest b) {
    return a.host().equalsIgnoreCase(b.host())
        && a.port() == b.port()
        && a.protocol() == b.protocol();
  }
}
