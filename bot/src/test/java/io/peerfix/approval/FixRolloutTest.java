package io.peerfix.approval;

import static io.peerfix.fix.FixFixtures.POLICY;
import static io.peerfix.fix.FixFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.fix.Actor;
import io.peerfix.fix.FixFixtures;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeSelector;
import io.peerfix.fix.NodeStatus;
import io.peerfix.fix.Rollout;
import io.peerfix.fixstore.LabFixStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixRolloutTest {
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
  @TempDir Path dir;
  private LabFixStore store;
  private FixRecord fix;
  private final List<List<String>> probed = new ArrayList<>();
  private boolean probesConnect = true;

  @BeforeEach
  void approved() {
    store = new LabFixStore(dir);
    FixGuard guard = new FixGuard(store, POLICY, CLOCK);
    FixRecord proposed =
        guard
            .propose(
                FixFixtures.nodeFix(FixFixtures.RDS_RULE),
                NodeSelector.all(),
                FixFixtures.ALLOWED,
                Actor.user("U-BOB"))
            .record();
    fix = guard.approve(proposed.name(), Actor.user("U-ALICE"), proposed.digest()).record();
  }

  private FixRollout rollout() {
    return new FixRollout(
        store,
        (f, nodes) -> {
          probed.add(nodes);
          return new FixVerifier.Verification(
              probesConnect, nodes.stream().map(n -> n + ": pod probe").toList());
        },
        CLOCK);
  }

  private void report(String node, NodeFixState state) {
    store.putNodeStatus(
        new NodeStatus(fix.name(), node, state, fix.digest(), Optional.empty(), "", "why", 0, T0));
  }

  @Test
  void theCanariesGoFirstThenEveryNodeThenVerification() {
    FixRollout rollout = rollout();
    assertThat(rollout.advance(fix.name()).get().rollout()).isEqualTo(Rollout.CANARY);
    report("node-1", NodeFixState.APPLIED);
    assertThat(rollout.advance(fix.name()).get().rollout()).isEqualTo(Rollout.CANARY);
    report("node-3", NodeFixState.APPLIED);
    FixRecord released = rollout.advance(fix.name()).get();
    assertThat(probed).containsExactly(List.of("node-1", "node-3"));
    assertThat(released.rollout()).isEqualTo(Rollout.ALL);
    assertThat(released.state()).isEqualTo(FixState.APPROVED);
    report("node-2", NodeFixState.APPLIED);
    assertThat(rollout.advance(fix.name()).get().state()).isEqualTo(FixState.APPLIED);
    FixRecord verified = rollout.advance(fix.name()).get();
    assertThat(verified.state()).isEqualTo(FixState.VERIFIED);
    assertThat(probed.get(1)).containsExactly("node-1", "node-2", "node-3");
    assertThat(verified.verification()).contains("node-2: pod probe");
  }

  @Test
  void aCanaryThatDoesNotVerifyStopsTheRolloutThere() {
    probesConnect = false;
    report("node-1", NodeFixState.APPLIED);
    report("node-3", NodeFixState.APPLIED);
    FixRecord stopped = rollout().advance(fix.name()).get();
    assertThat(stopped.state()).isEqualTo(FixState.NOT_VERIFIED);
    assertThat(stopped.rollout()).isEqualTo(Rollout.CANARY);
    assertThat(stopped.wantedOn("node-2", Map.of())).isFalse();
  }

  @Test
  void anOverriddenCanaryStopsTheRolloutWithItsReason() {
    report("node-1", NodeFixState.APPLIED);
    report("node-3", NodeFixState.OVERRIDDEN);
    FixRecord stopped = rollout().advance(fix.name()).get();
    assertThat(stopped.state()).isEqualTo(FixState.NOT_VERIFIED);
    assertThat(stopped.verification()).contains("node-3: OVERRIDDEN");
    assertThat(probed).isEmpty();
  }

  @Test
  void nodeStatesAreTheReportsAndPendingForNodesThatDidNotReport() {
    report("node-1", NodeFixState.APPLIED);
    assertThat(FixRollout.nodeStates(fix, store.nodeStatuses(fix.name())))
        .containsExactly(
            Map.entry("node-1", NodeFixState.APPLIED),
            Map.entry("node-2", NodeFixState.PENDING),
            Map.entry("node-3", NodeFixState.PENDING));
  }
}
