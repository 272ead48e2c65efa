package io.peerfix.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.peerfix.agent.reconcile.KernelStamps;
import io.peerfix.facts.Cni;
import io.peerfix.k8s.NodeNetworkFactsPublisher;
import io.peerfix.k8s.NodeNetworkFactsResource;
import io.peerfix.k8s.NodeNetworkFactsSpec;
import io.peerfix.nat.KubeProxyTables;
import io.peerfix.probe.Prober;
import io.peerfix.testing.LabNodeWithFix;
import io.peerfix.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent's facts publication on the real kernel, both back ends, with the kernel's stamps of the
 * nat table: a publication with no change since the last read publishes the last slice again with a
 * fresh time and reads nothing; a change makes the next one read again. And a Docker-only node's
 * facts say Docker although its DOCKER chain sits behind rules the slice drops.
 */
@EnableKubernetesMockClient(crud = true)
class AgentFactsStampsIT {
  private static final String NS = "peerfix-agent";
  private static final String NODE = LabNodeWithFix.NODE;
  private static final String ADDED = "192.0.2.0/24";
  private static final String DOCKER_ONLY =
      """
      *nat
      :PREROUTING ACCEPT [0:0]
      :INPUT ACCEPT [0:0]
      :OUTPUT ACCEPT [0:0]
      :POSTROUTING ACCEPT [0:0]
      :DOCKER - [0:0]
      -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
      -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
      -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
      -A DOCKER -i docker0 -j RETURN
      COMMIT
      """;

  KubernetesClient client;
  private LabNodeWithFix node;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T20:00:00Z"));

  @AfterEach
  void removeTheNode() {
    if (node != null) {
      node.close();
    }
  }

  private void node(String backend, String table) {
    node =
        LabNodeWithFix.builder()
            .backend(backend)
            .table(table, Duration.ofMinutes(1))
            .kubeletHint()
            .build();
  }

  private NodeFactsCollector collector() {
    return new NodeFactsCollector(
        node.inside(),
        new Prober(),
        b -> KernelStamps.open(b, Optional.of(Path.of("/run/netns", node.ns().name()))));
  }

  private FactsPublishing publishing(NodeFactsCollector collector) {
    return new FactsPublishing(
        new NodeNetworkFactsPublisher(client, NS),
        () -> collector.collectForPublishing(new NodeFactsCollector.Request(NODE, null, null)),
        NODE,
        null,
        clock);
  }

  private NodeNetworkFactsSpec published() {
    return NodeNetworkFactsResource.specOf(
        client
            .genericKubernetesResources(NodeNetworkFactsResource.CONTEXT)
            .inNamespace(NS)
            .withName(NODE)
            .get());
  }

  /** The table's reads the commands show: legacy saves it whole, nf_tables lists POSTROUTING. */
  private long tableReads(String backend) {
    return node.ran().stream()
        .filter(
            a ->
                backend.equals("legacy")
                    ? a.get(0).equals("iptables-legacy-save") && a.contains("nat")
                    : a.get(0).equals("iptables-nft") && a.contains("POSTROUTING"))
        .count();
  }

  @ParameterizedTest
  @ValueSource(strings = {"nft", "legacy"})
  void anUnchangedTableIsNotReadAgainAndAChangedOneIs(String backend) {
    node(backend, KubeProxyTables.generate(200, 1, ""));
    NodeFactsCollector collector = collector();
    FactsPublishing facts = publishing(collector);

    assertThat(facts.tick()).isTrue();
    String first = published().facts().natTable();
    clock.advance(FactsPublishing.INTERVAL);
    assertThat(facts.tick()).isTrue();

    assertThat(collector.sliceReads()).isEqualTo(1);
    assertThat(tableReads(backend)).isEqualTo(1);
    NodeNetworkFactsSpec again = published();
    assertThat(again.observedAt()).isEqualTo(clock.instant());
    assertThat(again.facts().natTable()).isEqualTo(first).isNotEmpty();
    assertThat(again.facts().warnings()).noneMatch(w -> w.startsWith("nat table not read"));

    node.execOk(
        "",
        "iptables-" + backend,
        "-t",
        "nat",
        "-I",
        "POSTROUTING",
        "-s",
        "10.244.0.0/16",
        "-d",
        ADDED,
        "-j",
        "RETURN");
    clock.advance(FactsPublishing.INTERVAL);
    assertThat(facts.tick()).isTrue();

    assertThat(collector.sliceReads()).isEqualTo(2);
    assertThat(tableReads(backend)).isEqualTo(2);
    assertThat(published().facts().natTable()).contains("-d " + ADDED);
    assertThat(published().observedAt()).isEqualTo(clock.instant());
  }

  @ParameterizedTest
  @ValueSource(strings = {"nft", "legacy"})
  void aDockerOnlyNodeSaysDocker(String backend) {
    node(backend, DOCKER_ONLY);

    NodeFactsCollector.Published p =
        collector().collectForPublishing(new NodeFactsCollector.Request(NODE, null, null));

    assertThat(p.facts().warnings()).noneMatch(w -> w.startsWith("nat table not read"));
    assertThat(p.facts().cni()).isEqualTo(Cni.DOCKER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nft", "legacy"})
  void aNodeWithoutTheDockerChainDoesNotSayDocker(String backend) {
    node(backend, KubeProxyTables.generate(20, 1, ""));

    NodeFactsCollector.Published p =
        collector().collectForPublishing(new NodeFactsCollector.Request(NODE, null, null));

    assertThat(p.facts().warnings()).noneMatch(w -> w.startsWith("nat table not read"));
    assertThat(p.facts().cni()).isNotEqualTo(Cni.DOCKER);
  }
}
