package io.peerfix.fix;

import java.util.Objects;

/** A refusal: its reason and the specifics (which rule, which user, which digest). */
public record Refusal(RefusalReason reason, String detail) {
  public Refusal {
    Objects.requireNonNull(reason, "reason");
    detail = detail == null ? "" : detail;
  }

  /** The sentence shown on stderr, in Slack and in the fix's history. */
  public String message() {
    return detail.isEmpty() ? reason.text() : detail + ": " + reason.text();
  }
}
