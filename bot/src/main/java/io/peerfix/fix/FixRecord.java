package io.peerfix.fix;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A fix as stored: the node fix, which nodes it is for, what its rules may point at, who asked and
 * when, when the proposal expires, its state, how far it is rolled out, the approval, the
 * verification evidence and the history.
 *
 * <p>{@link #digest()} is what an approval binds to: {@code "sha256:"} and the hex SHA-256 of
 * {@code "peerfix-fix v1\nnodefix <NodeFix digest>\nselector <selector>\n"}, so it changes with any
 * rule, node, target, diagnosis or selector. A record whose digest does not match its content is
 * refused when built (a tampered store entry is never acted on).
 */
public record FixRecord(
    String name,
    NodeFix fix,
    NodeSelector selector,
    AllowedDestinations allowed,
    String requester,
    Instant proposedAt,
    Instant expiresAt,
    String digest,
    FixState state,
    Rollout rollout,
    Optional<Approval> approval,
    String verification,
    List<FixEvent> events) {
  /** History beyond this many events keeps the first (the proposal) and the latest. */
  public static final int MAX_EVENTS = 100;

  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  public FixRecord {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("fix name \"" + name + "\" is not a DNS label");
    }
    Objects.requireNonNull(fix, "fix");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(allowed, "allowed");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(proposedAt, "proposedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(rollout, "rollout");
    approval = approval == null ? Optional.empty() : approval;
    verification = verification == null ? "" : verification;
    events = trim(events);
    String expected = digestOf(fix, selector);
    if (!expected.equals(digest)) {
      throw new IllegalArgumentException(
          "fix " + name + ": digest " + digest + " does not match its content (" + expected + ")");
    }
  }

  /** A new proposal, named after its digest. */
  public static FixRecord proposed(
      NodeFix fix,
      NodeSelector selector,
      AllowedDestinations allowed,
      String requester,
      Instant now,
      Instant expiresAt) {
    String digest = digestOf(fix, selector);
    String name = "fix-" + digest.substring("sha256:".length(), "sha256:".length() + 12);
    FixEvent event = new FixEvent(FixEvent.Kind.PROPOSED, requester, now, digest, "");
    return new FixRecord(
        name,
        fix,
        selector,
        allowed,
        requester,
        now,
        expiresAt,
        digest,
        FixState.PROPOSED,
        Rollout.CANARY,
        Optional.empty(),
        "",
        List.of(event));
  }

  /** The digest an approval of {@code fix} for {@code selector} names. */
  public static String digestOf(NodeFix fix, NodeSelector selector) {
    String text = "peerfix-fix v1\nnodefix " + fix.digest() + "\nselector " + selector + "\n";
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  /** The first 12 hex digits of the digest, for messages. */
  public String shortDigest() {
    return digest.substring("sha256:".length(), "sha256:".length() + 12);
  }

  /** The canary of each NAT fingerprint group: its first node by name. */
  public Set<String> canaries() {
    Set<String> canaries = new TreeSet<>();
    fix.groups().forEach(g -> canaries.add(g.nodes().get(0)));
    return canaries;
  }

  /**
   * Whether node {@code node} (with {@code labels}) should carry this fix's rules now: the fix
   * wants rules, the selector picks the node, and the rollout has reached it.
   */
  public boolean wantedOn(String node, Map<String, String> labels) {
    if (!state.wantsRules() || !selector.matches(node, labels, Set.copyOf(fix.nodes()))) {
      return false;
    }
    return rollout == Rollout.ALL || canaries().contains(node);
  }

  public FixRecord withState(FixState newState) {
    return copy(newState, rollout, approval, verification, events);
  }

  public FixRecord withRollout(Rollout newRollout) {
    return copy(state, newRollout, approval, verification, events);
  }

  public FixRecord withApproval(Approval newApproval) {
    return copy(state, rollout, Optional.of(newApproval), verification, events);
  }

  public FixRecord withVerification(String evidence) {
    return copy(state, rollout, approval, evidence, events);
  }

  /** This record with {@code event} appended to the history. */
  public FixRecord with(FixEvent event) {
    List<FixEvent> more = new ArrayList<>(events);
    more.add(event);
    return copy(state, rollout, approval, verification, more);
  }

  /** The one copy: what a fix's life changes, with what it was proposed as kept. */
  private FixRecord copy(
      FixState newState,
      Rollout newRollout,
      Optional<Approval> newApproval,
      String newVerification,
      List<FixEvent> newEvents) {
    return new FixRecord(
        name,
        fix,
        selector,
        allowed,
        requester,
        proposedAt,
        expiresAt,
        digest,
        newState,
        newRollout,
        newApproval,
        newVerification,
        newEvents);
  }

  private static List<FixEvent> trim(List<FixEvent> events) {
    List<FixEvent> all = List.copyOf(events);
    if (all.size() <= MAX_EVENTS) {
      return all;
    }
    List<FixEvent> kept = new ArrayList<>(all.subList(0, 1));
    kept.addAll(all.subList(all.size() - (MAX_EVENTS - 1), all.size()));
    return List.copyOf(kept);
  }
}
