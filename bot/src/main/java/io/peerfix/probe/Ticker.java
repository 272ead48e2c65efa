package io.peerfix.probe;

/** A monotonic time source in nanoseconds, injected so that durations are testable. */
@FunctionalInterface
public interface Ticker {
  long nanos();

  static Ticker system() {
    return System::nanoTime;
  }

  default long millisSince(long startNanos) {
    return (nanos() - startNanos) / 1_000_000;
  }
}
