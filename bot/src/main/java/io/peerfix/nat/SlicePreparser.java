package io.peerfix.nat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Phaser;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Parses the rule lines of one slice of a large dump in a helper task (on the caller's {@link
 * ParseHelpers executor}) while the main pass works on the slices before it; the main pass then
 * takes the results in line order. Chain declarations, table sections and everything stateful stay
 * in the main pass. A slice that fails, was not started by the time the main pass reaches it, or
 * was refused by the executor only makes the main pass parse those lines itself.
 */
final class SlicePreparser implements Runnable {
  /** Dumps smaller than this are parsed in one thread: handing out slices would cost more. */
  static final int MIN_PARALLEL_BYTES = 2 * 1024 * 1024;

  /** Marks a command line that is not -A/-I: the main pass handles it. */
  static final Object OTHER = new Object();

  private final DumpText dump;
  private final int from;
  private final int to;
  private int[] starts = new int[4096];
  private Object[] results = new Object[4096];
  private int size;
  private int cursor;

  /** Set by whoever comes first: the helper starting, or the main pass taking the slice back. */
  private final AtomicBoolean claimed = new AtomicBoolean();

  /** Advances once the helper is done (one party: the helper, or nobody for a refused slice). */
  private final Phaser done = new Phaser(1);

  private volatile boolean cancelled;

  private SlicePreparser(DumpText dump, int from, int to) {
    this.dump = dump;
    this.from = from;
    this.to = to;
  }

  /**
   * Starts helpers for the later slices of a dump of at least {@code minBytes} bytes; the main pass
   * keeps the first ~45%, which also holds the chain declarations of a save dump.
   */
  static List<SlicePreparser> start(DumpText dump, int minBytes, ParseHelpers with) {
    int helpers = Math.min(with.count(), 3);
    List<SlicePreparser> slices = new ArrayList<>();
    if (helpers < 1 || dump.length() < minBytes) {
      return slices;
    }
    long length = dump.length();
    int start = lineStartAfter(dump, (int) (length * 45 / 100));
    for (int k = 1; k <= helpers && start < length; k++) {
      int end =
          k == helpers
              ? (int) length
              : lineStartAfter(dump, (int) (length * (45 + 55L * k / helpers) / 100));
      SlicePreparser slice = new SlicePreparser(dump, start, end);
      slices.add(slice);
      try {
        with.executor().execute(slice);
      } catch (RejectedExecutionException refused) {
        slice.claimed.set(true); // nothing runs it: the main pass parses this slice itself
        slice.done.arriveAndDeregister();
      }
      start = end;
    }
    return slices;
  }

  private static int lineStartAfter(DumpText dump, int offset) {
    byte[] bytes = dump.bytes();
    if (offset <= 0) {
      return 0;
    }
    int i = offset;
    while (i < bytes.length && bytes[i - 1] != '\n') {
      i++;
    }
    return i;
  }

  int from() {
    return from;
  }

  @Override
  public void run() {
    if (!claimed.compareAndSet(false, true)) {
      return; // the main pass took this slice back before a helper got to it
    }
    try {
      parseSlice();
    } finally {
      done.arriveAndDeregister();
    }
  }

  private void parseSlice() {
    Lines lines = new Lines(dump, from, to);
    LineTokens tokens = new LineTokens();
    // A slice of rule lines names about twice as many chains per byte as a whole dump.
    Names names = RuleWords.names(2L * (to - from));
    RuleParser rules = new RuleParser(tokens, names, false);
    try {
      while (!cancelled && lines.advance()) {
        int first = lines.firstNonBlank();
        if (first == lines.end()) {
          continue;
        }
        char c = dump.charAt(first);
        if (c == '-' || c == '[') {
          add(lines.start(), preparse(tokens, rules, names, first, lines.end()));
        }
      }
    } catch (RuntimeException stop) {
      // A line too long, or a defect: the main pass parses from here on and reports it.
    }
  }

  private Object preparse(LineTokens tokens, RuleParser rules, Names names, int first, int end) {
    try {
      String problem = tokens.split(dump, first, end);
      if (problem != null) {
        return problem;
      }
      RuleLine rule = RuleLine.parse(tokens, rules, names);
      if (rule == null) {
        return OTHER;
      }
      // The main pass looks these names up in its own table: hash them here, in parallel (a
      // String caches its hash; join() publishes it).
      rule.chain().hashCode();
      if (rule.body().target() instanceof Target.Jump jump) {
        jump.chain().hashCode();
      } else if (rule.body().target() instanceof Target.Goto go) {
        go.chain().hashCode();
      }
      // The parser kept no matches: they are parsed again when evaluated.
      return rule;
    } catch (DumpProblem problem) {
      return problem.getMessage();
    }
  }

  private void add(int start, Object result) {
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
      results = Arrays.copyOf(results, size * 2);
    }
    starts[size] = start;
    results[size] = result;
    size++;
  }

  /**
   * Waits for the helper; false when no helper started on the slice: it is taken back and the main
   * pass parses it itself.
   */
  boolean await() {
    if (claimed.compareAndSet(false, true)) {
      return false;
    }
    // Not interruptible, and an interrupt stays set for the caller: the helper is parsing and
    // ends within the slice's parse time.
    done.awaitAdvance(0);
    return true;
  }

  /**
   * The result for the command line starting at {@code lineStart}: a {@link RuleLine}, a problem
   * message, {@link #OTHER}, or null when this slice did not get to it.
   */
  Object take(int lineStart) {
    while (cursor < size && starts[cursor] < lineStart) {
      cursor++;
    }
    if (cursor < size && starts[cursor] == lineStart) {
      return results[cursor++];
    }
    return null;
  }

  void cancel() {
    cancelled = true;
  }
}
