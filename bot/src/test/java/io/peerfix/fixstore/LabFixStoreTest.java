package io.peerfix.fixstore;

import static io.peerfix.fix.FixFixtures.POLICY;
import static io.peerfix.fix.FixFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerfix.approval.FixGuard;
import io.peerfix.fix.Actor;
import io.peerfix.fix.Decision;
import io.peerfix.fix.FixEvent;
import io.peerfix.fix.FixFixtures;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeSelector;
import io.peerfix.fix.NodeStatus;
import io.peerfix.fix.RefusalReason;
import io.peerfix.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabFixStoreTest {
  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(T0);

  private FixGuard guard() {
    return new FixGuard(new LabFixStore(dir), POLICY, clock);
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
  void aProposalIsStoredBeforeApprovalAndReadBackWhole() {
    FixRecord proposed = propose(guard());
    Optional<FixRecord> read = new LabFixStore(dir).get(proposed.name()).map(v -> v.value());
    assertThat(read).contains(proposed);
  }

  @Test
  void approvingTwiceApprovesOnceAndProposingAgainGivesTheWaitingProposal() {
    FixGuard guard = guard();
    FixRecord proposed = propose(guard);
    assertThat(propose(guard)).isEqualTo(proposed);
    Decision first = guard.approve(proposed.name(), Actor.user("U-ALICE"), proposed.digest());
    Decision second = guard.approve(proposed.name(), Actor.user("U-ALICE"), proposed.digest());
    assertThat(first.result()).isEqualTo(Decision.Result.DONE);
    assertThat(second.result()).isEqualTo(Decision.Result.ALREADY);
    assertThat(guard.show(proposed.name()).get().events())
        .extracting(FixEvent::kind)
        .containsExactly(FixEvent.Kind.PROPOSED, FixEvent.Kind.APPROVED);
  }

  @Test
  void twoReplicasApprovingAtOnceApproveOnce() throws Exception {
    FixRecord proposed = propose(guard());
    for (int round = 0; round < 10; round++) {
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<Decision>> presses =
          List.of("U-ALICE", "U-ALICE").stream()
              .map(
                  who -> {
                    FixGuard replica = guard();
                    return CompletableFuture.supplyAsync(
                        () -> {
                          try {
                            go.await();
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                          return replica.approve(
                              proposed.name(), Actor.user(who), proposed.digest());
                        });
                  })
              .toList();
      go.countDown();
      List<Decision.Result> results = presses.stream().map(f -> f.join().result()).toList();
      if (round == 0) {
        assertThat(results)
            .containsExactlyInAnyOrder(Decision.Result.DONE, Decision.Result.ALREADY);
      } else {
        assertThat(results).containsOnly(Decision.Result.ALREADY);
      }
    }
    assertThat(
            guard().show(proposed.name()).get().events().stream()
                .filter(e -> e.kind() == FixEvent.Kind.APPROVED))
        .hasSize(1);
  }

  @Test
  void anExpiredProposalIsMarkedSoAndRefusedThenProposedAfresh() {
    FixGuard guard = guard();
    FixRecord proposed = propose(guard);
    clock.set(T0.plus(Duration.ofMinutes(31)));
    Decision late = guard.approve(proposed.name(), Actor.user("U-ALICE"), proposed.digest());
    assertThat(late.refusal().get().reason()).isEqualTo(RefusalReason.EXPIRED);
    assertThat(guard.show(proposed.name()).get().state()).isEqualTo(FixState.EXPIRED);
    FixRecord again = propose(guard);
    assertThat(again.state()).isEqualTo(FixState.PROPOSED);
    assertThat(again.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
    assertThat(guard.approve(again.name(), Actor.user("U-ALICE"), again.digest()).result())
        .isEqualTo(Decision.Result.DONE);
  }

  @Test
  void anUnknownFixIsRefusedByName() {
    assertThat(
            guard().approve("fix-nope", Actor.user("U-ALICE"), "sha256:x").refusal().get().reason())
        .isEqualTo(RefusalReason.UNKNOWN_FIX);
  }

  @Test
  void nodeStatusesAreOnePerNodeAndLastWriteWins() {
    LabFixStore store = new LabFixStore(dir);
    FixRecord proposed = propose(guard());
    for (String node : List.of("node-1", "node-2")) {
      store.putNodeStatus(status(proposed, node, NodeFixState.PENDING));
    }
    store.putNodeStatus(status(proposed, "node-1", NodeFixState.APPLIED));
    assertThat(store.nodeStatuses(proposed.name()))
        .extracting(NodeStatus::node, NodeStatus::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("node-1", NodeFixState.APPLIED),
            org.assertj.core.groups.Tuple.tuple("node-2", NodeFixState.PENDING));
  }

  @Test
  void aTamperedEntryIsRefusedWhenRead() throws Exception {
    FixRecord proposed = propose(guard());
    Path file = dir.resolve("fixes").resolve(proposed.name() + ".json");
    Files.writeString(file, Files.readString(file).replace("10.0.5.20/32", "0.0.0.0/0"));
    assertThatThrownBy(() -> new LabFixStore(dir).get(proposed.name()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("digest");
  }

  private static NodeStatus status(FixRecord fix, String node, NodeFixState state) {
    return new NodeStatus(fix.name(), node, state, fix.digest(), Optional.empty(), "", "", 0, T0);
  }
}
