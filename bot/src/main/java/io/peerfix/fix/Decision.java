package io.peerfix.fix;

import java.util.Optional;

/**
 * What the approval rules decided: {@link Result#DONE} (store {@link #record()}), {@link
 * Result#ALREADY} (it was done before: nothing to store), or {@link Result#REFUSED} ({@link
 * #record()} only adds the refusal to the history; nothing else changes).
 */
public record Decision(Result result, FixRecord record, Optional<Refusal> refusal) {
  /** The three answers. */
  public enum Result {
    DONE,
    ALREADY,
    REFUSED
  }

  static Decision done(FixRecord record) {
    return new Decision(Result.DONE, record, Optional.empty());
  }

  static Decision already(FixRecord record) {
    return new Decision(Result.ALREADY, record, Optional.empty());
  }

  static Decision refused(FixRecord record, Refusal refusal, Actor actor, java.time.Instant at) {
    FixRecord noted =
        record.with(
            new FixEvent(
                FixEvent.Kind.REFUSED, actor.id(), at, record.digest(), refusal.message()));
    return new Decision(Result.REFUSED, noted, Optional.of(refusal));
  }
}
