package io.peerfix.fix;

import java.time.Instant;
import java.util.Optional;

/**
 * The approval rules, as pure decisions over a stored fix: who may approve, that the approval names
 * the digest that was shown, expiry, idempotence, and who may revert. Every handler (terminal,
 * Slack) reaches these through one guard, so the rules cannot differ between them.
 */
public final class Approvals {
  private Approvals() {}

  /**
   * A new proposal of {@code fix}, refused when a rule has a shape the diagnosis never proposes.
   */
  public static Decision propose(
      NodeFix fix,
      NodeSelector selector,
      AllowedDestinations allowed,
      Actor requester,
      Instant now,
      ApprovalPolicy policy) {
    FixRecord record =
        FixRecord.proposed(
            fix, selector, allowed, requester.id(), now, now.plus(policy.approvalTtl()));
    for (NatRule rule : fix.rules()) {
      Optional<Refusal> refusal = RuleShapes.check(rule, allowed);
      if (refusal.isPresent()) {
        return new Decision(Decision.Result.REFUSED, record, refusal);
      }
    }
    return Decision.done(record);
  }

  /** {@code actor} approves {@code record}, having been shown {@code shownDigest}. */
  public static Decision approve(
      FixRecord record, Actor actor, String shownDigest, Instant now, ApprovalPolicy policy) {
    if (!policy.isApprover(actor)) {
      return Decision.refused(
          record, new Refusal(RefusalReason.NOT_AN_APPROVER, actor.id()), actor, now);
    }
    if (!policy.allowSelfApproval() && actor.id().equals(record.requester())) {
      return Decision.refused(
          record, new Refusal(RefusalReason.SELF_APPROVAL, actor.id()), actor, now);
    }
    if (!record.digest().equals(shownDigest)) {
      return Decision.refused(
          record,
          new Refusal(
              RefusalReason.DIGEST_CHANGED,
              "approved " + shownDigest + ", fix is " + record.digest()),
          actor,
          now);
    }
    if (record.approval().isPresent() && record.state() != FixState.REVERTED) {
      return Decision.already(record);
    }
    if (record.state() == FixState.EXPIRED
        || (record.state() == FixState.PROPOSED && !now.isBefore(record.expiresAt()))) {
      return Decision.refused(
          record,
          new Refusal(
              RefusalReason.EXPIRED, "fix " + record.name() + " expired at " + record.expiresAt()),
          actor,
          now);
    }
    if (record.state() != FixState.PROPOSED) {
      return Decision.refused(
          record,
          new Refusal(
              RefusalReason.NOT_APPROVABLE, "fix " + record.name() + " is " + record.state()),
          actor,
          now);
    }
    FixRecord approved =
        record
            .withState(FixState.APPROVED)
            .withApproval(new Approval(actor.id(), now, shownDigest))
            .with(new FixEvent(FixEvent.Kind.APPROVED, actor.id(), now, shownDigest, ""));
    return Decision.done(approved);
  }

  /** {@code actor} (an approver, or the requester) reverts {@code record}. */
  public static Decision revert(FixRecord record, Actor actor, Instant now, ApprovalPolicy policy) {
    if (!policy.isApprover(actor) && !actor.id().equals(record.requester())) {
      return Decision.refused(
          record, new Refusal(RefusalReason.NOT_AN_APPROVER, actor.id()), actor, now);
    }
    if (record.state() == FixState.REVERTED) {
      return Decision.already(record);
    }
    if (!record.state().wantsRules()) {
      return Decision.refused(
          record,
          new Refusal(
              RefusalReason.NOT_REVERTIBLE, "fix " + record.name() + " is " + record.state()),
          actor,
          now);
    }
    return Decision.done(
        record
            .withState(FixState.REVERTED)
            .with(new FixEvent(FixEvent.Kind.REVERTED, actor.id(), now, record.digest(), "")));
  }

  /** The record marked EXPIRED if it is a proposal past its expiry. */
  public static Optional<FixRecord> expireIfDue(FixRecord record, Instant now) {
    if (record.state() != FixState.PROPOSED || now.isBefore(record.expiresAt())) {
      return Optional.empty();
    }
    return Optional.of(
        record
            .withState(FixState.EXPIRED)
            .with(new FixEvent(FixEvent.Kind.EXPIRED, "peerfix", now, record.digest(), "")));
  }
}
