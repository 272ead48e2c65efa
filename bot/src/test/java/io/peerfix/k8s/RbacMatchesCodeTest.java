package io.peerfix.k8s;

import static io.peerfix.facts.FactsFixtures.NatConfig.KUBENET_10_8;
import static io.peerfix.facts.FactsFixtures.facts;
import static io.peerfix.facts.FactsFixtures.node;
import static io.peerfix.facts.FactsFixtures.nodeName;
import static io.peerfix.k8s.InfraManifestsTest.agentPod;
import static io.peerfix.k8s.InfraManifestsTest.botPod;
import static io.peerfix.k8s.InfraManifestsTest.env;
import static io.peerfix.k8s.RenderedManifests.named;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.peerfix.agent.NodeIdentity;
import io.peerfix.approval.FixGuard;
import io.peerfix.approval.FixRollout;
import io.peerfix.approval.FixVerifier;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.fix.Actor;
import io.peerfix.fix.FixFixtures;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixStore;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeSelector;
import io.peerfix.fix.NodeStatus;
import io.peerfix.fixstore.KubernetesFixStore;
import io.peerfix.fixstore.NodeFixWatch;
import io.peerfix.schedule.ConfigMapLedgerStore;
import io.peerfix.schedule.KubernetesNodeConditions;
import io.peerfix.schedule.LeaseLeadership;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The RBAC in infra/ grants each service account exactly what its code asks of the API server: the
 * code runs against the mock API server, every request it sends becomes an RBAC permission
 * (namespace, API group, resource, verb), and that set must equal what the rendered roles and
 * bindings grant the service account. A verb the code stops using, or starts using, fails here.
 *
 * <p>New API calls (leases, ...) join {@link #botRequests} or {@link #agentRequests} together with
 * the rules that allow them.
 */
@EnableKubernetesMockClient(crud = true)
class RbacMatchesCodeTest {
  private static final Path BASE = RenderedManifests.INFRA.resolve("base");
  private static final Pattern CORE =
      Pattern.compile("/api/v1/(?:namespaces/([^/]+)/)?([^/?]+)(?:/([^/?]+))?(?:/([^/?]+))?");
  private static final Pattern GROUP =
      Pattern.compile(
          "/apis/([^/]+)/[^/]+/(?:namespaces/([^/]+)/)?([^/?]+)(?:/([^/?]+))?(?:/([^/?]+))?");
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(FixFixtures.T0, java.time.ZoneOffset.UTC);

  KubernetesMockServer server;
  KubernetesClient client;

  /** One permission: namespace ("*" for cluster-wide), group, resource, verb. */
  record Permission(String namespace, String group, String resource, String verb)
      implements Comparable<Permission> {
    @Override
    public int compareTo(Permission o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return verb + " " + (group.isEmpty() ? "" : group + "/") + resource + " in " + namespace;
    }
  }

  @Test
  void theBotIsGrantedExactlyWhatItsCodeUses() {
    assertThat(granted(BASE, "peerfix-bot", "peerfix-bot"))
        .containsExactlyElementsOf(botRequests());
  }

  @Test
  void theAgentIsGrantedExactlyWhatItsCodeUses() {
    assertThat(granted(BASE, "peerfix-agent", "peerfix-agent"))
        .containsExactlyElementsOf(agentRequests());
  }

  @Test
  void requestsBecomeTheVerbsRbacNames() {
    assertThat(permission("GET /api/v1/namespaces/p/pods?watch=true&fieldSelector=x"))
        .isEqualTo(new Permission("p", "", "pods", "watch"));
    assertThat(permission("GET /api/v1/namespaces/p/pods/probe-1"))
        .isEqualTo(new Permission("p", "", "pods", "get"));
    assertThat(permission("DELETE /api/v1/namespaces/p/pods/probe-1"))
        .isEqualTo(new Permission("p", "", "pods", "delete"));
    assertThat(permission("GET /api/v1/nodes?limit=500"))
        .isEqualTo(new Permission("*", "", "nodes", "list"));
    assertThat(permission("PUT /apis/peerfix.io/v1alpha1/namespaces/a/nodenetworkfacts/n1"))
        .isEqualTo(new Permission("a", "peerfix.io", "nodenetworkfacts", "update"));
    assertThat(permission("PATCH /apis/peerfix.io/v1alpha1/namespaces/a/nodefixes/f/status"))
        .isEqualTo(new Permission("a", "peerfix.io", "nodefixes/status", "patch"));
  }

  /** Everything the bot's Kubernetes code does, in the namespaces its Deployment gives it. */
  private Set<Permission> botRequests() {
    var bot = botPod(BASE).getContainers().get(0);
    String probeNs = env(bot, "PEERFIX_PROBE_NAMESPACE");
    String agentNs = env(bot, "PEERFIX_AGENT_NAMESPACE");
    publishFacts(client, agentNs, 0);
    publishFacts(client, agentNs, 1);
    RequestLog log = new RequestLog();
    try (KubernetesClient logged = loggedClient(log)) {
      new KubernetesNodeDirectory(logged, "node-role.kubernetes.io/worker", 500).nodes();
      ProbeRequest request = new ProbeRequest("10.0.5.20", 5432, ProbeProtocol.TCP, 100);
      AgentFactsReader facts =
          new AgentFactsReader(logged, agentNs, 100, Clock.systemUTC(), Duration.ofMinutes(10));
      facts.read(List.of(node(0)), request);
      facts.read(List.of(node(0), node(1)), request);
      ProbePodConfig config = ProbePodConfig.defaults(probeNs, "peerfix");
      try (FakeKubelet done =
          new FakeKubelet(client, probeNs, FakeKubelet.terminatesWith("{}", 0))) {
        new ProbePods(
                logged, config.withStartupAllowance(Duration.ofSeconds(30)), Clock.systemUTC())
            .probeFromPod(node(0), request);
      }
      try (FakeKubelet stuck = new FakeKubelet(client, probeNs, FakeKubelet.neverStarts())) {
        new ProbePods(
                logged, config.withStartupAllowance(Duration.ofMillis(300)), Clock.systemUTC())
            .probeFromPod(node(0), request);
      }
      new ProbePodSweeper(logged, probeNs, Clock.systemUTC()).sweep(Duration.ZERO);
      fixesAsTheBotHandlesThem(logged, agentNs);
      schedulesAsTheLeaderRunsThem(logged, agentNs);
    }
    return permissions(log);
  }

  /**
   * The bot's fix code: propose (and propose again: the create answers 409 and it reads), approve,
   * roll out (reads the nodes' statuses), list, revert; each history line becomes an Event.
   */
  private static void fixesAsTheBotHandlesThem(KubernetesClient client, String ns) {
    FixGuard guard =
        new FixGuard(
            new KubernetesFixStore(client, ns, Optional.empty()), FixFixtures.POLICY, CLOCK);
    FixRecord proposed = proposeSeedFix(guard);
    proposeSeedFix(guard);
    guard.approve(proposed.name(), Actor.user("U-ALICE"), proposed.digest());
    FixStore store = new KubernetesFixStore(client, ns, Optional.empty());
    new FixRollout(store, (fix, nodes) -> new FixVerifier.Verification(true, List.of()), CLOCK)
        .advance(proposed.name());
    store.list();
    guard.revert(proposed.name(), Actor.user("U-ALICE"));
  }

  /**
   * The schedules' code in a cluster (as serve wires it: ledger and Lease in the agents'
   * namespace): elect a leader (the Lease is read, created, renewed), claim and record a slot in
   * the ledger (ConfigMap read, create, then update over its resourceVersion), read the nodes'
   * conditions.
   */
  private static void schedulesAsTheLeaderRunsThem(KubernetesClient client, String ns) {
    try (LeaseLeadership leader =
        new LeaseLeadership(
            client,
            ns,
            "peerfix-schedules",
            "peerfix-bot-0",
            new LeaseLeadership.Timing(
                Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(100)))) {
      leader.start(() -> {}, () -> {});
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(leader::leading);
      String taken = leaseVersion(client, ns);
      // A renewal writes the Lease again: wait for one, so its verb is in the log too.
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> !leaseVersion(client, ns).equals(taken));
    }
    ConfigMapLedgerStore ledger = new ConfigMapLedgerStore(client, ns);
    assertThat(ledger.write("rds-watch", "{}", ledger.read("rds-watch"))).isTrue();
    assertThat(ledger.write("rds-watch", "{\"slots\":[]}", ledger.read("rds-watch"))).isTrue();
    new KubernetesNodeConditions(client).conditions();
  }

  private static String leaseVersion(KubernetesClient client, String ns) {
    return client
        .leases()
        .inNamespace(ns)
        .withName("peerfix-schedules")
        .get()
        .getMetadata()
        .getResourceVersion();
  }

  private static FixRecord proposeSeedFix(FixGuard guard) {
    return guard
        .propose(
            FixFixtures.nodeFix(FixFixtures.RDS_RULE),
            NodeSelector.all(),
            FixFixtures.ALLOWED,
            Actor.user("U-BOB"))
        .record();
  }

  /** Everything the agent's Kubernetes code does, in its DaemonSet's namespace. */
  private Set<Permission> agentRequests() {
    String ns = named(BASE, DaemonSet.class, "peerfix-agent").getMetadata().getNamespace();
    assertThat(agentPod(BASE).getContainers().get(0).getEnv())
        .anySatisfy(e -> assertThat(e.getName()).isEqualTo("POD_NAMESPACE"));
    RequestLog log = new RequestLog();
    client
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName(nodeName(0)).endMetadata().build())
        .create();
    FixGuard bot =
        new FixGuard(
            new KubernetesFixStore(client, ns, Optional.empty()), FixFixtures.POLICY, CLOCK);
    FixRecord fix = proposeSeedFix(bot);
    bot.approve(fix.name(), Actor.user("U-ALICE"), fix.digest());
    try (KubernetesClient logged = loggedClient(log)) {
      publishFacts(logged, ns, 0);
      publishFacts(logged, ns, 0);
      NodeIdentity node = new NodeIdentity(logged, nodeName(0), CLOCK);
      NodeStatus status =
          new NodeStatus(
              fix.name(),
              nodeName(0),
              NodeFixState.APPLIED,
              fix.digest(),
              Optional.empty(),
              "",
              "",
              0,
              NOW);
      // Two agent processes one after the other: the second one's create answers 409.
      for (int run = 0; run < 2; run++) {
        KubernetesFixStore own = new KubernetesFixStore(logged, ns, Optional.of(node.uid()));
        try (NodeFixWatch watch = NodeFixWatch.start(logged, ns, nodeName(0), own)) {
          assertThat(watch.list()).hasSize(1);
          watch.putNodeStatus(status);
          watch.putNodeStatus(status);
        }
      }
    }
    return permissions(log);
  }

  private static void publishFacts(KubernetesClient client, String ns, int node) {
    new NodeNetworkFactsPublisher(client, ns)
        .publish(
            new NodeNetworkFactsSpec(nodeName(node), NOW, facts(node, KUBENET_10_8), List.of()),
            null);
  }

  private KubernetesClient loggedClient(RequestLog log) {
    return server.createClient(
        b -> b.withHttpClientBuilderConsumer(h -> h.addOrReplaceInterceptor("log", log)));
  }

  private static Set<Permission> permissions(RequestLog log) {
    Set<Permission> all = new TreeSet<>();
    log.requests().forEach(r -> all.add(permission(r)));
    return all;
  }

  /** "GET /api/v1/namespaces/p/pods?watch=true" as the permission RBAC checks for it. */
  static Permission permission(String request) {
    String method = request.substring(0, request.indexOf(' '));
    String uri = request.substring(request.indexOf(' ') + 1);
    String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
    boolean watch = uri.matches(".*[?&]watch=(true|1)(&.*)?");
    String ns;
    String group;
    String resource;
    String name;
    String sub;
    Matcher core = CORE.matcher(path);
    Matcher grouped = GROUP.matcher(path);
    if (core.matches()) {
      ns = core.group(1);
      group = "";
      resource = core.group(2);
      name = core.group(3);
      sub = core.group(4);
    } else if (grouped.matches()) {
      group = grouped.group(1);
      ns = grouped.group(2);
      resource = grouped.group(3);
      name = grouped.group(4);
      sub = grouped.group(5);
    } else {
      throw new AssertionError("not a resource request: " + request);
    }
    String verb =
        switch (method) {
          case "GET" -> watch ? "watch" : name == null ? "list" : "get";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> name == null ? "deletecollection" : "delete";
          default -> throw new AssertionError("unexpected method in " + request);
        };
    return new Permission(
        ns == null ? "*" : ns, group, sub == null ? resource : resource + "/" + sub, verb);
  }

  /** What the rendered roles and bindings grant one service account. */
  static Set<Permission> granted(Path k, String namespace, String serviceAccount) {
    Set<Permission> all = new TreeSet<>();
    for (ClusterRoleBinding b : RenderedManifests.of(k, ClusterRoleBinding.class)) {
      if (bindsTo(b.getSubjects(), namespace, serviceAccount)) {
        ClusterRole role = named(k, ClusterRole.class, b.getRoleRef().getName());
        add(all, "*", role.getRules());
      }
    }
    for (RoleBinding b : RenderedManifests.of(k, RoleBinding.class)) {
      if (bindsTo(b.getSubjects(), namespace, serviceAccount)) {
        assertThat(b.getRoleRef().getKind()).as(b.getMetadata().getName()).isEqualTo("Role");
        Role role =
            RenderedManifests.of(k, Role.class).stream()
                .filter(r -> r.getMetadata().getName().equals(b.getRoleRef().getName()))
                .filter(r -> r.getMetadata().getNamespace().equals(b.getMetadata().getNamespace()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Role for " + b.getMetadata().getName()));
        add(all, b.getMetadata().getNamespace(), role.getRules());
      }
    }
    return all;
  }

  private static boolean bindsTo(List<Subject> subjects, String namespace, String name) {
    return subjects.stream()
        .anyMatch(
            s ->
                s.getKind().equals("ServiceAccount")
                    && s.getName().equals(name)
                    && namespace.equals(s.getNamespace()));
  }

  private static void add(Set<Permission> all, String namespace, List<PolicyRule> rules) {
    for (PolicyRule rule : rules) {
      assertThat(rule.getResourceNames()).as("rules name no single objects").isNullOrEmpty();
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            assertThat(List.of(group, resource, verb)).as("no wildcards").doesNotContain("*");
            all.add(new Permission(namespace, group, resource, verb));
          }
        }
      }
    }
  }
}
