package io.peerfix.fix;

import java.time.Instant;
import java.util.Objects;

/** One line of a fix's history: what happened, who did it, when, for which digest, and why. */
public record FixEvent(Kind kind, String actor, Instant at, String digest, String detail) {
  /** What can happen to a fix. */
  public enum Kind {
    PROPOSED,
    APPROVED,
    REFUSED,
    APPLIED,
    VERIFIED,
    NOT_VERIFIED,
    REVERTED,
    EXPIRED
  }

  public FixEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(digest, "digest");
    detail = detail == null ? "" : detail;
  }
}
