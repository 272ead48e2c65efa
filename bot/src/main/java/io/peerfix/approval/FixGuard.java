package io.peerfix.approval;

import io.peerfix.fix.Actor;
import io.peerfix.fix.AllowedDestinations;
import io.peerfix.fix.ApprovalPolicy;
import io.peerfix.fix.Approvals;
import io.peerfix.fix.Decision;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.fix.FixStore;
import io.peerfix.fix.NodeFix;
import io.peerfix.fix.NodeSelector;
import io.peerfix.fix.Refusal;
import io.peerfix.fix.RefusalReason;
import io.peerfix.fix.Versioned;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one guard every handler (terminal and Slack alike) goes through to propose, approve and
 * revert fixes: it applies {@link Approvals}' rules to the stored fix at the clock's time and
 * writes the result with optimistic concurrency, deciding again on a fresh read when another
 * replica wrote first, so two presses of Approve on two replicas approve once.
 */
public final class FixGuard {
  private static final int ATTEMPTS = 8;

  private final FixStore store;
  private final ApprovalPolicy policy;
  private final Clock clock;

  public FixGuard(FixStore store, ApprovalPolicy policy, Clock clock) {
    this.store = store;
    this.policy = policy;
    this.clock = clock;
  }

  public ApprovalPolicy policy() {
    return policy;
  }

  /**
   * Stores a proposal of {@code fix} by {@code requester}. The same fix proposed again while it
   * waits gives back the waiting proposal; after it expired or was reverted, a fresh proposal
   * replaces it (the history goes on).
   */
  public Decision propose(
      NodeFix fix, NodeSelector selector, AllowedDestinations allowed, Actor requester) {
    Instant now = clock.instant();
    Decision proposal = Approvals.propose(fix, selector, allowed, requester, now, policy);
    if (proposal.result() == Decision.Result.REFUSED) {
      return proposal;
    }
    FixRecord fresh = proposal.record();
    for (int i = 0; i < ATTEMPTS; i++) {
      if (store.create(fresh)) {
        return proposal;
      }
      Optional<Versioned<FixRecord>> existing = store.get(fresh.name());
      if (existing.isEmpty()) {
        continue;
      }
      FixRecord old = existing.get().value();
      boolean over = old.state() == FixState.EXPIRED || old.state() == FixState.REVERTED;
      boolean lapsed = old.state() == FixState.PROPOSED && !now.isBefore(old.expiresAt());
      if (!over && !lapsed) {
        return new Decision(Decision.Result.ALREADY, old, Optional.empty());
      }
      FixRecord renewed = fresh;
      for (var event : old.events()) {
        renewed = renewed.with(event);
      }
      renewed = renewed.with(fresh.events().get(0));
      if (store.update(renewed, existing.get().version())) {
        return new Decision(Decision.Result.DONE, renewed, Optional.empty());
      }
    }
    throw new FixStore.StoreException("fix " + fresh.name() + " kept changing; try again", null);
  }

  /** {@code actor} approves fix {@code name}, having been shown {@code shownDigest}. */
  public Decision approve(String name, Actor actor, String shownDigest) {
    return decide(
        name,
        actor,
        record -> Approvals.approve(record, actor, shownDigest, clock.instant(), policy));
  }

  /** {@code actor} reverts fix {@code name}. */
  public Decision revert(String name, Actor actor) {
    return decide(name, actor, record -> Approvals.revert(record, actor, clock.instant(), policy));
  }

  /** Fix {@code name} as stored, marked expired first when its time is up. */
  public Optional<FixRecord> show(String name) {
    for (int i = 0; i < ATTEMPTS; i++) {
      Optional<Versioned<FixRecord>> read = store.get(name);
      if (read.isEmpty()) {
        return Optional.empty();
      }
      Optional<FixRecord> expired = Approvals.expireIfDue(read.get().value(), clock.instant());
      if (expired.isEmpty()) {
        return Optional.of(read.get().value());
      }
      if (store.update(expired.get(), read.get().version())) {
        return expired;
      }
    }
    return store.get(name).map(Versioned::value);
  }

  private Decision decide(String name, Actor actor, Function<FixRecord, Decision> rule) {
    for (int i = 0; i < ATTEMPTS; i++) {
      Optional<Versioned<FixRecord>> read = store.get(name);
      if (read.isEmpty()) {
        return unknown(name);
      }
      FixRecord record = read.get().value();
      Optional<FixRecord> expired = Approvals.expireIfDue(record, clock.instant());
      Decision decision = rule.apply(expired.orElse(record));
      if (decision.result() == Decision.Result.ALREADY && expired.isEmpty()) {
        return decision;
      }
      if (store.update(decision.record(), read.get().version())) {
        return decision;
      }
    }
    throw new FixStore.StoreException("fix " + name + " kept changing; try again", null);
  }

  private static Decision unknown(String name) {
    return new Decision(
        Decision.Result.REFUSED, null, Optional.of(new Refusal(RefusalReason.UNKNOWN_FIX, name)));
  }
}
