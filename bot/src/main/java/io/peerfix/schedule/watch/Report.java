package io.peerfix.schedule.watch;

import io.peerfix.diagnosis.RootCause;
import java.time.Duration;
import java.util.Optional;

/**
 * What a scheduled run tells the channel about one target, decided by {@link Watch}. A failure and
 * a recovery are top-level messages; a changed cause and flapping follow up in the incident's
 * thread when there is one.
 */
public sealed interface Report {
  String target();

  Check check();

  /** The target started failing: the diagnosis and its fix, as a new top-level message. */
  record Failure(String target, RootCause cause, Check check) implements Report {}

  /** The target works again after being down for {@code downFor}: a top-level message. */
  record Recovery(String target, Duration downFor, Check check) implements Report {}

  /** Still failing, for another reason now: a reply in the incident's thread. */
  record CauseChanged(
      String target, RootCause from, RootCause to, Optional<String> thread, Check check)
      implements Report {}

  /**
   * The target changed state {@code changes} times within {@code window}: said once per window, in
   * the incident's thread when one is open; no failure or recovery is reported while it flaps.
   */
  record Flapping(String target, int changes, Duration window, Optional<String> thread, Check check)
      implements Report {}
}
