package io.peerfix.nat;

/**
 * Splits one line of a dump into whitespace-separated tokens without copying: tokens are offsets
 * into the dump text, strings are made only for the values a rule keeps. Double quotes group words
 * (iptables-save quotes comments and log prefixes; {@code \"} escapes a quote).
 */
final class LineTokens {
  /** Returned by split for control characters; callers then report the exact character. */
  static final String BINARY = "binary data: not iptables output";

  private DumpText dump;
  private byte[] bytes;
  private int[] starts = new int[64];
  private int[] ends = new int[64];
  private int count;

  /** Splits {@code text[from, to)}; returns null, or a problem description (unclosed quote...). */
  String split(DumpText dump, int from, int to) {
    return split(dump, from, to, true);
  }

  /** As {@link #split(DumpText, int, int)}; {@code quotes} false treats '"' as an ordinary char. */
  String split(DumpText dump, int from, int to, boolean quotes) {
    this.dump = dump;
    byte[] b = dump.bytes();
    this.bytes = b;
    count = 0;
    int i = from;
    while (i < to) {
      int c = b[i] & 0xff;
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
        while (i < to && b[i] != '"') {
          int d = b[i] & 0xff;
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
          int d = b[i] & 0xff;
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

  char first(int i) {
    return (char) (bytes[starts[i]] & 0xff);
  }

  char second(int i) {
    return (char) (bytes[starts[i] + 1] & 0xff);
  }

  DumpText dump() {
    return dump;
  }

  int length(int i) {
    return ends[i] - starts[i];
  }

  boolean is(int i, String literal) {
    int start = starts[i];
    int length = ends[i] - start;
    if (length != literal.length()) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (bytes[start + k] != literal.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** The raw token. */
  String raw(int i) {
    return dump.substring(starts[i], ends[i]);
  }

  /** The token with surrounding quotes removed and {@code \"} unescaped. */
  String value(int i) {
    return unquote(dump, starts[i], ends[i]);
  }

  /** {@code dump[s, e)} with surrounding quotes removed and {@code \"} unescaped. */
  static String unquote(DumpText dump, int s, int e) {
    if (e - s >= 2 && dump.charAt(s) == '"') {
      String inner = dump.substring(s + 1, e - 1);
      return inner.indexOf('\\') < 0 ? inner : inner.replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return dump.substring(s, e);
  }

  /** Raw text from token {@code first} to token {@code last} inclusive. */
  String span(int first, int last) {
    return first > last ? "" : dump.substring(starts[first], ends[last]);
  }

  /** Two-char options without hashing: they are most of the tokens of a big table. */
  String shortOption(int i) {
    char c = second(i);
    if (first(i) != '-') {
      return raw(i);
    }
    return switch (c) {
      case 's' -> "-s";
      case 'd' -> "-d";
      case 'i' -> "-i";
      case 'o' -> "-o";
      case 'p' -> "-p";
      case 'f' -> "-f";
      case 'm' -> "-m";
      case 'j' -> "-j";
      case 'g' -> "-g";
      case 'c' -> "-c";
      default -> raw(i);
    };
  }
}
