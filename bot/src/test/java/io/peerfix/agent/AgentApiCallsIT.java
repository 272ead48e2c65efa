package io.peerfix.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.peerfix.exec.CommandRunner;
import io.peerfix.fix.ApprovalPolicy;
import io.peerfix.fix.FixFixtures;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fixstore.KubernetesFixStore;
import io.peerfix.testing.LabNodeWithFix;
import io.peerfix.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API calls of one idle agent in a cluster over a simulated hour: the agent's cluster parts
 * wired as {@code agent run} wires them ({@link ClusterAgent}) against the fabric8 mock server
 * (CRUD mode), its commands run in a network namespace built like a kubenet node, and its loop
 * driven one tick per simulated second on a clock the test moves (3,600 ticks). The fixes reach it
 * through two watches, so idle it lists nothing; what it still calls on a timer is its own Node
 * (labels, once a minute) and its NodeNetworkFacts (every five minutes).
 *
 * <p>The simulated hour covers everything the agent does on its clock. A real API server also ends
 * each watch after 30-60 minutes ({@code --min-request-timeout}, 1,800 s, randomised up to twice
 * that), after which the informer watches again from its last resourceVersion: up to two more
 * requests per watch and hour, which the mock server's open-ended watches do not show.
 */
@EnableKubernetesMockClient(crud = true)
class AgentApiCallsIT {
  private static final String NS = "peerfix-agent";
  private static final String NODE = LabNodeWithFix.NODE;
  private static final Pattern RESOURCE =
      Pattern.compile("^(?:/api/v1|/apis/[^/]+/[^/]+)(?:/namespaces/[^/]+)?/([a-z]+)");

  KubernetesMockServer server;
  KubernetesClient client;
  @TempDir Path dir;
  private LabNodeWithFix node;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));

  @BeforeEach
  void aNodeWithAnApprovedFix() {
    node =
        LabNodeWithFix.builder()
            .table(
                "*nat\n:POSTROUTING ACCEPT [0:0]\n"
                    + "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE\nCOMMIT\n",
                Duration.ofSeconds(10))
            .store(new KubernetesFixStore(client, NS, Optional.empty()))
            .policy(new ApprovalPolicy(Set.of("U-ALICE"), Set.of(), false, Duration.ofMinutes(30)))
            .clock(clock)
            .build();
    client
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build())
        .create();
    node.approve(FixFixtures.RDS_RULE);
  }

  @AfterEach
  void removeTheNode() {
    if (node != null) {
      node.close();
    }
  }

  /** Commands in the node's namespace through nsenter: 3,600 ticks' probes stay quick. */
  private CommandRunner inNode() {
    String netns = "--net=/run/netns/" + node.ns().name();
    return (argv, stdin, timeout) -> {
      List<String> full = new ArrayList<>(List.of("nsenter", netns, "--"));
      full.addAll(argv);
      return new io.peerfix.exec.ProcessCommandRunner().run(full, stdin, timeout);
    };
  }

  /** The requests since the last call, counted by "VERB resource" (watch requests as WATCH). */
  private Map<String, Integer> requests() throws InterruptedException {
    Map<String, Integer> counts = new TreeMap<>();
    RecordedRequest r;
    while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      String path = r.getPath();
      Matcher m = RESOURCE.matcher(path);
      String resource = m.find() ? m.group(1) : path;
      String verb = path.matches(".*[?&]watch=true.*") ? "WATCH" : r.getMethod();
      counts.merge(verb + " " + resource, 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void anIdleAgentMakes96ApiCallsAnHourAndListsNothing() throws Exception {
    Path lock = node.lock();
    CommandRunner runner = inNode();
    requests();
    Map<String, Integer> start;
    Map<String, Integer> hour;
    try (ClusterAgent agent =
        ClusterAgent.open(
            client,
            NS,
            NODE,
            new FixAgentFactory(runner, lock, clock, false),
            runner,
            Optional.empty(),
            clock)) {
      assertThat(agent.watch().awaitSynced(Duration.ofSeconds(30))).isTrue();
      agent.fixes().tick();
      agent.facts().tick();
      start = requests();
      for (int second = 0; second < 3600; second++) {
        clock.advance(Duration.ofSeconds(1));
        agent.fixes().tick();
        agent.facts().tick();
      }
      hour = requests();
      assertThat(
              agent.watch().list().stream()
                  .map(v -> v.value().name())
                  .map(name -> nodeState(name))
                  .toList())
          .containsExactly(NodeFixState.APPLIED.name());
    }
    // Start: its Node, the two watches' lists and watches, its status and facts written once.
    assertThat(start)
        .containsEntry("GET nodes", 1)
        .containsEntry("WATCH nodefixes", 2)
        .containsEntry("GET nodefixes", 2)
        .doesNotContainKey("GET nodefixstatuses");
    // The hour: the Node's labels once a minute; the facts every five minutes, each publication a
    // create that answers 409, a read and an update. No list, no watch, no status write.
    assertThat(hour)
        .as("API calls in an idle hour (at start: %s)", start)
        .isEqualTo(
            Map.of(
                "GET nodes", 60,
                "POST nodenetworkfacts", 12,
                "GET nodenetworkfacts", 12,
                "PUT nodenetworkfacts", 12));
  }

  private String nodeState(String fix) {
    var status =
        client
            .genericKubernetesResources(KubernetesFixStore.STATUSES)
            .inNamespace(NS)
            .withName(fix + "." + NODE)
            .get();
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) status.getAdditionalProperties().get("spec");
    return spec.get("state").toString();
  }
}
