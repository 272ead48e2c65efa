package io.peerfix.fixstore;

import static io.peerfix.fix.FixFixtures.POLICY;
import static io.peerfix.fix.FixFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.peerfix.approval.FixGuard;
import io.peerfix.fix.Actor;
import io.peerfix.fix.Decision;
import io.peerfix.fix.FixEvent;
import io.peerfix.fix.FixFixtures;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeSelector;
import io.peerfix.fix.NodeStatus;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesFixStoreTest {
  private static final String NS = "peerfix";
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

  KubernetesClient client;
  KubernetesMockServer server;

  private KubernetesFixStore store() {
    return new KubernetesFixStore(client, NS, Optional.empty());
  }

  private FixRecord propose(FixGuard guard) {
    return guard
        .propose(
            FixFixtures.nodeFix(FixFixtures.RDS_RULE),
            NodeSelector.all(),
            FixFixtures.ALLOWED,
            Actor.user("U-BOB"))
        .record();
  }

  @Test
  void aFixIsOneNodeFixResourceReadBackWhole() {
    FixRecord proposed = propose(new FixGuard(store(), POLICY, CLOCK));
    GenericKubernetesResource stored =
        client
            .genericKubernetesResources(KubernetesFixStore.FIXES)
            .inNamespace(NS)
            .withName(proposed.name())
            .get();
    assertThat(stored.getKind()).isEqualTo("NodeFix");
    assertThat(store().get(proposed.name()).get().value()).isEqualTo(proposed);
    assertThat(store().list()).extracting(v -> v.value().name()).containsExactly(proposed.name());
  }

  @Test
  void anUpdateNamingAnOldResourceVersionIsRefused() {
    FixRecord proposed = propose(new FixGuard(store(), POLICY, CLOCK));
    String version = store().get(proposed.name()).get().version();
    assertThat(store().update(proposed.withVerification("a"), version)).isTrue();
    assertThat(store().update(proposed.withVerification("b"), version)).isFalse();
    assertThat(store().get(proposed.name()).get().value().verification()).isEqualTo("a");
  }

  @Test
  void twoReplicasApprovingAtOnceApproveOnce() throws Exception {
    FixRecord proposed = propose(new FixGuard(store(), POLICY, CLOCK));
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Decision>> presses = new ArrayList<>();
    for (int replica = 0; replica < 2; replica++) {
      FixGuard guard = new FixGuard(store(), POLICY, CLOCK);
      presses.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return guard.approve(proposed.name(), Actor.user("U-ALICE"), proposed.digest());
              }));
    }
    go.countDown();
    assertThat(presses.stream().map(p -> p.join().result()))
        .containsExactlyInAnyOrder(Decision.Result.DONE, Decision.Result.ALREADY);
    assertThat(
            store().get(proposed.name()).get().value().events().stream()
                .filter(e -> e.kind() == FixEvent.Kind.APPROVED))
        .hasSize(1);
  }

  @Test
  void aThousandAgentsReportOneFixWithoutAConflictInAboutTwoCallsEach() throws Exception {
    FixRecord proposed = propose(new FixGuard(store(), POLICY, CLOCK));
    int before = server.getRequestCount();
    int nodes = 1000;
    AtomicInteger failures = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Void>> agents = new ArrayList<>();
      for (int i = 1; i <= nodes; i++) {
        String node = "ip-172-20-" + (i / 250) + "-" + (i % 250);
        agents.add(
            CompletableFuture.runAsync(
                () -> {
                  KubernetesFixStore own =
                      new KubernetesFixStore(client, NS, Optional.of("uid-" + node));
                  try {
                    own.putNodeStatus(status(proposed, node, NodeFixState.PENDING));
                    own.putNodeStatus(status(proposed, node, NodeFixState.APPLIED));
                  } catch (RuntimeException e) {
                    failures.incrementAndGet();
                  }
                },
                pool));
      }
      agents.forEach(CompletableFuture::join);
    } finally {
      pool.shutdown();
    }
    int calls = server.getRequestCount() - before;
    List<NodeStatus> statuses = store().nodeStatuses(proposed.name());
    System.out.printf(
        "1,000 nodes, one fix: %d API calls for 2,000 status writes, %d objects, %d failures%n",
        calls, statuses.size(), failures.get());
    assertThat(failures.get()).isZero();
    assertThat(statuses).hasSize(nodes).allMatch(s -> s.state() == NodeFixState.APPLIED);
    // One create and one merge patch per node: no reads, no retries.
    assertThat(calls).isEqualTo(2 * nodes);
    GenericKubernetesResource one =
        client
            .genericKubernetesResources(KubernetesFixStore.STATUSES)
            .inNamespace(NS)
            .withName(proposed.name() + ".ip-172-20-0-1")
            .get();
    assertThat(one.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getKind()).isEqualTo("Node"));
    assertThat(one.getMetadata().getLabels())
        .containsEntry(KubernetesFixStore.FIX_LABEL, proposed.name())
        .containsEntry(KubernetesFixStore.NODE_LABEL, "ip-172-20-0-1");
    assertThat(store().get(proposed.name()).get().value()).isEqualTo(proposed);
  }

  private static NodeStatus status(FixRecord fix, String node, NodeFixState state) {
    return new NodeStatus(
        fix.name(), node, state, fix.digest(), Optional.empty(), "peerfix", "", 0, T0);
  }
}
