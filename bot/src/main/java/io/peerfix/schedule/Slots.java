package io.peerfix.schedule;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * Cron arithmetic for slots, in UTC: the slot a firing stands for (the latest cron time at or
 * before it, so a late or catch-up firing gets the same idempotency key on every replica) and the
 * next cron time.
 */
public final class Slots {
  /** How far back a firing looks for its slot when nothing later is known. */
  static final Duration LOOK_BACK = Duration.ofDays(8);

  private final CronExpression cron;

  public Slots(String expression) {
    try {
      cron = new CronExpression(expression);
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a Quartz cron expression: " + expression, e);
    }
    cron.setTimeZone(TimeZone.getTimeZone("UTC"));
  }

  /** The latest cron time at or before {@code at}, or {@code at} itself when none is near. */
  public Instant floor(Instant at) {
    Date probe = Date.from(at.minus(LOOK_BACK));
    Instant floor = null;
    Date next = cron.getTimeAfter(probe);
    while (next != null && !next.toInstant().isAfter(at)) {
      floor = next.toInstant();
      next = cron.getTimeAfter(next);
    }
    return floor == null ? at : floor;
  }

  /** The first cron time after {@code at}. */
  public Optional<Instant> next(Instant at) {
    return Optional.ofNullable(cron.getTimeAfter(Date.from(at))).map(Date::toInstant);
  }

  /** A copy of the expression for a trigger, in UTC. */
  CronExpression expression() {
    try {
      CronExpression copy = new CronExpression(cron.getCronExpression());
      copy.setTimeZone(TimeZone.getTimeZone("UTC"));
      return copy;
    } catch (ParseException e) {
      throw new IllegalStateException(e);
    }
  }
}
