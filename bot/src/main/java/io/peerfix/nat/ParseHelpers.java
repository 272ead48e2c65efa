package io.peerfix.nat;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Where the parser of a large dump may run helper tasks, and how many at most. The NAT engine
 * starts no thread of its own: the edge that owns threads (the CLI, the agent) passes an executor.
 * A helper that the executor has not started when the main pass reaches its slice is taken back and
 * parsed by the main pass, so a busy or even a same-thread executor only costs speed.
 */
public record ParseHelpers(Executor executor, int count) {
  /** No helpers: the whole dump is parsed by the calling thread. */
  public static final ParseHelpers NONE = new ParseHelpers(Runnable::run, 0);

  public ParseHelpers {
    Objects.requireNonNull(executor, "executor");
    if (count < 0) {
      throw new IllegalArgumentException("helper count must be 0 or more, was " + count);
    }
  }
}
