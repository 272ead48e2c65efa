package io.peerfix.schedule;

import java.time.Instant;
import java.util.Objects;

/**
 * One scheduled moment of one schedule, the idempotency key of its run: the schedule's name, what
 * runs ({@link Kind#PROBE} or {@link Kind#DIGEST}) and the cron time it stands for. Every replica
 * computes the same key for the same moment, so a slot reported by one is never reported by
 * another.
 */
public record Slot(String schedule, Kind kind, Instant at) {
  public enum Kind {
    PROBE,
    DIGEST
  }

  public Slot {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
  }

  /** The key within the schedule's ledger, e.g. {@code probe@2026-12-01T09:05:00Z}. */
  public String key() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + "@" + at;
  }
}
