package io.peerfix.exec;

import io.peerfix.nat.ParseHelpers;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads the edges lend to the pure core, which starts none of its own: one small shared pool
 * of daemon threads for the NAT parser's helpers (one per spare processor, at most three), created
 * on first use so commands that never parse a large table start no thread.
 */
public final class CoreThreads {
  private static final int MAX_NAT_HELPERS = 3;

  private CoreThreads() {}

  /** Helpers for parsing a large nat table; {@link ParseHelpers#NONE} on a single processor. */
  public static ParseHelpers natParseHelpers() {
    return Pool.HELPERS;
  }

  /** Holder: the pool is built when {@link #natParseHelpers} is first called. */
  private static final class Pool {
    static final ParseHelpers HELPERS = build();

    private static ParseHelpers build() {
      int spare = Math.min(Runtime.getRuntime().availableProcessors() - 1, MAX_NAT_HELPERS);
      if (spare < 1) {
        return ParseHelpers.NONE;
      }
      AtomicInteger number = new AtomicInteger();
      ExecutorService pool =
          Executors.newFixedThreadPool(
              spare,
              task -> {
                Thread thread = new Thread(task, "peerfix-nat-parse-" + number.incrementAndGet());
                thread.setDaemon(true); // a parse left behind must not keep the process alive
                return thread;
              });
      return new ParseHelpers(pool, spare);
    }
  }
}
