package io.peerfix.common;

/**
 * Counts and durations in sentences, said properly: "1 node", "2 nodes", "1 NAT group", "after 12
 * ms", "at once (under 1 ms)" instead of "node(s)" or "after 0 ms". Pure.
 */
public final class Counted {
  private Counted() {}

  /** {@code "1 node"}, {@code "3 nodes"}: the plural adds "s". */
  public static String of(long count, String singular) {
    return of(count, singular, singular + "s");
  }

  /** {@code "1 change"}, {@code "0 changes"}, with an irregular plural given. */
  public static String of(long count, String singular, String plural) {
    return count + " " + (count == 1 ? singular : plural);
  }

  /** {@code "after 12 ms"}, or {@code "at once (under 1 ms)"} when the clock saw no time pass. */
  public static String after(long millis) {
    return millis <= 0 ? "at once (under 1 ms)" : "after " + millis + " ms";
  }
}
