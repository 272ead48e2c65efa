package io.peerfix.nat;

/**
 * Walks the lines of a dump in one pass without copying. Refuses lines too long to be iptables
 * output and text that is binary, naming the line.
 */
final class Lines {
  static final int MAX_LINE = 64 * 1024;

  private final String text;
  private int next;
  private int number;
  private int start;
  private int end;

  Lines(String text) {
    this.text = text;
  }

  boolean advance() {
    if (next >= text.length()) {
      return false;
    }
    start = next;
    int newline = text.indexOf('\n', start);
    end = newline < 0 ? text.length() : newline;
    next = end + 1;
    if (end > start && text.charAt(end - 1) == '\r') {
      end--;
    }
    number++;
    if (end - start > MAX_LINE) {
      throw new NatParseException(
          number,
          text.substring(start, start + 200),
          "line is "
              + (end - start)
              + " characters long; iptables output lines are at most a few thousand");
    }
    return true;
  }

  /** Checks the current line for control characters (binary data); cheap, one scan. */
  void checkText() {
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < ' ' && c != '\t' || c >= 0x7f && c <= 0x9f || c == 0xfffd) {
        throw new NatParseException(
            number,
            current(),
            "binary data (character 0x" + Integer.toHexString(c) + "): not iptables output");
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
    return text.substring(start, end);
  }

  /** Index of the first non-blank character of the line, or end. */
  int firstNonBlank() {
    int i = start;
    while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }
}
