package io.peerfix.nat;

/**
 * Splits one line of a dump into whitespace-separated tokens without copying: tokens are offsets
 * into the dump text, strings are made only for the values a rule keeps. Double quotes group words
 * (iptables-save quotes comments and log prefixes; {@code \"} escapes a quote).
 */
final class LineTokens {
  /** Returned by split for control characters; callers then report the exact character. */
  static final String BINARY = "binary data: not iptables output";

  private String text;
  private int[] starts = new int[64];
  private int[] ends = new int[64];
  private int count;

  /** Splits {@code text[from, to)}; returns null, or a problem description (unclosed quote...). */
  String split(String text, int from, int to) {
    return split(text, from, to, true);
  }

  /** As {@link #split(String, int, int)}; {@code quotes} false treats '"' as an ordinary char. */
  String split(String text, int from, int to, boolean quotes) {
    this.text = text;
    count = 0;
    int i = from;
    while (i < to) {
      char c = text.charAt(i);
      if (c <= ' ') {
        if (c != ' ' && c != '\t' && c != '\r') {
          return BINARY;
        }
        i++;
        continue;
      }
      int start = i;
      if (c == '"' && quotes) {
        i++;
        while (i < to && text.charAt(i) != '"') {
          char d = text.charAt(i);
          if (d < ' ' && d != '\t') {
            return BINARY;
          }
          i += d == '\\' ? 2 : 1;
        }
        if (i >= to) {
          return "unclosed quote";
        }
        i++;
      } else {
        while (i < to) {
          char d = text.charAt(i);
          if (d <= ' ') {
            if (d != ' ' && d != '\t' && d != '\r') {
              return BINARY;
            }
            break;
          }
          i++;
        }
      }
      add(start, i);
    }
    return null;
  }

  private void add(int start, int end) {
    if (count == starts.length) {
      starts = java.util.Arrays.copyOf(starts, count * 2);
      ends = java.util.Arrays.copyOf(ends, count * 2);
    }
    starts[count] = start;
    ends[count] = end;
    count++;
  }

  int count() {
    return count;
  }

  int start(int i) {
    return starts[i];
  }

  int end(int i) {
    return ends[i];
  }

  String text() {
    return text;
  }

  char first(int i) {
    return text.charAt(starts[i]);
  }

  int length(int i) {
    return ends[i] - starts[i];
  }

  boolean is(int i, String literal) {
    int length = ends[i] - starts[i];
    return length == literal.length() && text.regionMatches(starts[i], literal, 0, length);
  }

  /** The raw token. */
  String raw(int i) {
    return text.substring(starts[i], ends[i]);
  }

  /** The token with surrounding quotes removed and {@code \"} unescaped. */
  String value(int i) {
    int s = starts[i];
    int e = ends[i];
    if (e - s >= 2 && text.charAt(s) == '"') {
      String inner = text.substring(s + 1, e - 1);
      return inner.indexOf('\\') < 0 ? inner : inner.replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return text.substring(s, e);
  }

  /** Raw text from token {@code first} to token {@code last} inclusive. */
  String span(int first, int last) {
    return first > last ? "" : text.substring(starts[first], ends[last]);
  }
}
