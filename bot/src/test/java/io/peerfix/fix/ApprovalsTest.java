package io.peerfix.fix;

import static io.peerfix.fix.FixFixtures.POLICY;
import static io.peerfix.fix.FixFixtures.T0;
import static io.peerfix.fix.FixFixtures.proposal;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApprovalsTest {
  private static final Actor ALICE = Actor.user("U-ALICE");

  @Test
  void aProposalExpiresAfterTheTtlAndNamesItsDigest() {
    FixRecord p = proposal();
    assertThat(p.state()).isEqualTo(FixState.PROPOSED);
    assertThat(p.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
    assertThat(p.name()).isEqualTo("fix-" + p.shortDigest());
    assertThat(p.events()).extracting(FixEvent::kind).containsExactly(FixEvent.Kind.PROPOSED);
    assertThat(p.events().get(0).actor()).isEqualTo("U-BOB");
  }

  @Test
  void anApproverNamingTheShownDigestApproves() {
    FixRecord p = proposal();
    Decision d = Approvals.approve(p, ALICE, p.digest(), T0.plusSeconds(60), POLICY);
    assertThat(d.result()).isEqualTo(Decision.Result.DONE);
    assertThat(d.record().state()).isEqualTo(FixState.APPROVED);
    assertThat(d.record().approval())
        .contains(new Approval("U-ALICE", T0.plusSeconds(60), p.digest()));
    assertThat(d.record().rollout()).isEqualTo(Rollout.CANARY);
  }

  @Test
  void aMemberOfAnApproverGroupApproves() {
    FixRecord p = proposal();
    Actor carol = new Actor("U-CAROL", Set.of("S-NETOPS"));
    assertThat(Approvals.approve(p, carol, p.digest(), T0, POLICY).result())
        .isEqualTo(Decision.Result.DONE);
  }

  @Test
  void someoneNotInTheListIsRefusedAndOnlyTheRefusalIsRecorded() {
    FixRecord p = proposal();
    Decision d = Approvals.approve(p, Actor.user("U-MALLORY"), p.digest(), T0, POLICY);
    assertThat(d.result()).isEqualTo(Decision.Result.REFUSED);
    assertThat(d.refusal().get().reason()).isEqualTo(RefusalReason.NOT_AN_APPROVER);
    assertThat(d.record().state()).isEqualTo(FixState.PROPOSED);
    assertThat(d.record().approval()).isEmpty();
    assertThat(d.record().events().get(1).kind()).isEqualTo(FixEvent.Kind.REFUSED);
    assertThat(d.record().events().get(1).actor()).isEqualTo("U-MALLORY");
  }

  @Test
  void theRequesterMayNotApproveTheirOwnFixUnlessAllowed() {
    FixRecord p = proposal();
    Actor bob = new Actor("U-BOB", Set.of("S-NETOPS"));
    assertThat(Approvals.approve(p, bob, p.digest(), T0, POLICY).refusal().get().reason())
        .isEqualTo(RefusalReason.SELF_APPROVAL);
    ApprovalPolicy lenient =
        new ApprovalPolicy(POLICY.users(), POLICY.groups(), true, POLICY.approvalTtl());
    assertThat(Approvals.approve(p, bob, p.digest(), T0, lenient).result())
        .isEqualTo(Decision.Result.DONE);
  }

  @Test
  void aDigestOtherThanTheFixsIsRefused() {
    FixRecord p = proposal();
    String stale = "sha256:" + "0".repeat(64);
    Decision d = Approvals.approve(p, ALICE, stale, T0, POLICY);
    assertThat(d.refusal().get().reason()).isEqualTo(RefusalReason.DIGEST_CHANGED);
  }

  @Test
  void anApprovalAtOrAfterTheExpiryIsRefused() {
    FixRecord p = proposal();
    Decision d = Approvals.approve(p, ALICE, p.digest(), p.expiresAt(), POLICY);
    assertThat(d.refusal().get().reason()).isEqualTo(RefusalReason.EXPIRED);
    assertThat(
            Approvals.approve(p, ALICE, p.digest(), p.expiresAt().minusMillis(1), POLICY).result())
        .isEqualTo(Decision.Result.DONE);
  }

  @Test
  void aSecondApprovalChangesNothing() {
    FixRecord p = proposal();
    FixRecord approved = Approvals.approve(p, ALICE, p.digest(), T0, POLICY).record();
    Decision again =
        Approvals.approve(
            approved, new Actor("U-CAROL", Set.of("S-NETOPS")), p.digest(), T0, POLICY);
    assertThat(again.result()).isEqualTo(Decision.Result.ALREADY);
    assertThat(again.record()).isEqualTo(approved);
  }

  @Test
  void revertByAnApproverOrTheRequesterEndsTheRulesAndIsIdempotent() {
    FixRecord p = proposal();
    FixRecord approved = Approvals.approve(p, ALICE, p.digest(), T0, POLICY).record();
    Decision revert = Approvals.revert(approved, Actor.user("U-BOB"), T0, POLICY);
    assertThat(revert.record().state()).isEqualTo(FixState.REVERTED);
    assertThat(revert.record().state().wantsRules()).isFalse();
    assertThat(Approvals.revert(revert.record(), ALICE, T0, POLICY).result())
        .isEqualTo(Decision.Result.ALREADY);
    assertThat(Approvals.revert(approved, Actor.user("U-MALLORY"), T0, POLICY).result())
        .isEqualTo(Decision.Result.REFUSED);
    assertThat(Approvals.revert(p, ALICE, T0, POLICY).refusal().get().reason())
        .isEqualTo(RefusalReason.NOT_REVERTIBLE);
  }

  @Test
  void expiryMarksOnlyWaitingProposalsPastTheirTime() {
    FixRecord p = proposal();
    assertThat(Approvals.expireIfDue(p, p.expiresAt().minusSeconds(1))).isEmpty();
    assertThat(Approvals.expireIfDue(p, p.expiresAt()).get().state()).isEqualTo(FixState.EXPIRED);
    FixRecord approved = Approvals.approve(p, ALICE, p.digest(), T0, POLICY).record();
    assertThat(Approvals.expireIfDue(approved, p.expiresAt().plusSeconds(1))).isEmpty();
  }

  @Test
  void theRolloutReachesTheCanaryOfEachGroupFirstThenEveryMatchingNode() {
    FixRecord p = proposal();
    FixRecord approved = Approvals.approve(p, ALICE, p.digest(), T0, POLICY).record();
    assertThat(approved.canaries()).containsExactly("node-1", "node-3");
    assertThat(approved.wantedOn("node-1", java.util.Map.of())).isTrue();
    assertThat(approved.wantedOn("node-2", java.util.Map.of())).isFalse();
    FixRecord all = approved.withRollout(Rollout.ALL);
    assertThat(all.wantedOn("node-2", java.util.Map.of())).isTrue();
    assertThat(all.wantedOn("node-99-joined-later", java.util.Map.of())).isTrue();
    assertThat(p.wantedOn("node-1", java.util.Map.of())).isFalse();
  }

  @Test
  void theDigestCoversTheSelector() {
    NodeFix fix = FixFixtures.nodeFix(FixFixtures.RDS_RULE);
    assertThat(FixRecord.digestOf(fix, NodeSelector.all()))
        .isNotEqualTo(FixRecord.digestOf(fix, NodeSelector.named()))
        .isNotEqualTo(FixRecord.digestOf(fix, NodeSelector.parse("role=db")));
  }
}
