package io.peerfix.nat;

/**
 * Walks the lines of a dump in one pass without copying. Refuses lines too long to be iptables
 * output and text that is binary, naming the line.
 */
final class Lines {
  static final int MAX_LINE = 64 * 1024;

  private final DumpText dump;
  private final byte[] bytes;
  private final int limit;

  /** Where skipped elision lines are said; null: every line is returned. */
  private final java.util.List<String> elisions;

  private int next;
  private int number;
  private int start;
  private int end;

  Lines(DumpText dump) {
    this(dump, 0, dump.length());
  }

  /**
   * Lines of a pasted dump that skip elision lines ({@code ...}, {@code # [...]}), each said in
   * {@code elisions} (see {@link Pastes#skipElision}).
   */
  Lines(DumpText dump, java.util.List<String> elisions) {
    this(dump, 0, dump.length(), elisions);
  }

  /** Lines of {@code [from, to)}; {@code from} must be a line start. */
  Lines(DumpText dump, int from, int to) {
    this(dump, from, to, null);
  }

  private Lines(DumpText dump, int from, int to, java.util.List<String> elisions) {
    this.dump = dump;
    this.bytes = dump.bytes();
    this.next = from;
    this.limit = to;
    this.elisions = elisions;
  }

  boolean advance() {
    while (line()) {
      if (elisions == null || !Pastes.skipElision(bytes, start, end, number, elisions)) {
        return true;
      }
    }
    return false;
  }

  private boolean line() {
    byte[] b = bytes;
    int stop = limit;
    if (next >= stop) {
      return false;
    }
    start = next;
    int newline = start;
    while (newline < stop && b[newline] != '\n') {
      newline++;
    }
    end = newline;
    next = end + 1;
    if (end > start && b[end - 1] == '\r') {
      end--;
    }
    number++;
    if (end - start > MAX_LINE) {
      throw new NatParseException(
          number,
          dump.substring(start, start + 200),
          "line is "
              + (end - start)
              + " characters long; iptables output lines are at most a few thousand");
    }
    return true;
  }

  /** Checks the current line for control characters (binary data); cheap, one scan. */
  private static final int BINARY_PREFIX = 60;

  void checkText() {
    checkText(
        "iptables output; give the text iptables-save, iptables -S or iptables -L -n -v prints");
  }

  /** As {@link #checkText()}, saying what the text should have been ({@code expected}). */
  void checkText(String expected) {
    String line = current();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c < ' ' && c != '\t' || c >= 0x7f && c <= 0x9f || c == 0xfffd) {
        // Only the text before the first binary character is shown: the rest is noise at best.
        throw new NatParseException(
            number,
            line.substring(0, Math.min(i, BINARY_PREFIX)),
            "binary data (character 0x"
                + Integer.toHexString(c)
                + " at column "
                + (i + 1)
                + "): not "
                + expected);
      }
    }
  }

  int number() {
    return number;
  }

  int start() {
    return start;
  }

  int end() {
    return end;
  }

  String current() {
    return dump.substring(start, end);
  }

  /** Index of the first non-blank character of the line, or end. */
  int firstNonBlank() {
    int i = start;
    while (i < end && (bytes[i] == ' ' || bytes[i] == '\t')) {
      i++;
    }
    return i;
  }
}
