package io.peerfix.nat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Accepts a table as people paste it from terminals, chat and blog posts: invisible characters
 * before the first line (a byte-order mark, zero-width or no-break spaces), a first line that is
 * the shell prompt and command ({@code $ sudo iptables -t nat -S}, {@code root@node:~#
 * iptables-save}), and elision lines ({@code # [...]}, {@code ...}). {@link #clean} blanks what is
 * skipped up to the first meaningful line (line numbers stay those of the paste); later elisions
 * are skipped by the parser's line walk through {@link #skipElision}. Both are said in the answer's
 * notes; anything else is left for the parser, which still refuses real garbage with its line and
 * text.
 */
final class Pastes {
  /** A cleaned dump and what was skipped up to its first meaningful line. */
  record Cleaned(DumpText dump, List<String> skipped) {}

  private Pastes() {}

  static Cleaned clean(DumpText dump) {
    byte[] b = dump.bytes();
    byte[] copy = null;
    List<String> skipped = new ArrayList<>();
    int invisible = invisiblePrefix(b);
    if (invisible > 0) {
      copy = b.clone();
      java.util.Arrays.fill(copy, 0, invisible, (byte) ' ');
      skipped.add("invisible characters before the first line (" + invisible + " bytes)");
    }
    boolean seenMeaningful = false;
    int start = 0;
    int number = 0;
    while (start < b.length && !seenMeaningful) {
      int end = start;
      while (end < b.length && b[end] != '\n') {
        end++;
      }
      number++;
      byte[] view = copy == null ? b : copy;
      String line = trimmed(view, start, end);
      String why = null;
      if (!line.isEmpty()) {
        if (prompt(line)) {
          why = "line " + number + " (the shell prompt and command: " + cut(line) + ")";
        } else if (elision(line)) {
          why = "line " + number + " (an elision: " + cut(line) + ")";
        } else if (line.charAt(0) != '#') {
          seenMeaningful = true;
        }
      }
      if (why != null) {
        copy = copy == null ? b.clone() : copy;
        java.util.Arrays.fill(copy, start, end, (byte) ' ');
        skipped.add(why);
      }
      start = end + 1;
    }
    return copy == null
        ? new Cleaned(dump, List.of())
        : new Cleaned(DumpText.ofUtf8(copy), skipped);
  }

  /**
   * Whether line {@code number}, {@code b[start, end)}, is an elision; if so it is said in {@code
   * skipped}. The parser's line walk asks this of every line past the first meaningful one (a cheap
   * test on the line's first bytes), so no second pass over a 17 MB table is needed.
   */
  static boolean skipElision(byte[] b, int start, int end, int number, List<String> skipped) {
    if (!maybeElision(b, start, end)) {
      return false;
    }
    String line = trimmed(b, start, end);
    if (!elision(line)) {
      return false;
    }
    skipped.add("line " + number + " (an elision: " + cut(line) + ")");
    return true;
  }

  /** U+FEFF, U+200B-U+200D, U+2060 and U+00A0 at the very start, as UTF-8 bytes. */
  private static int invisiblePrefix(byte[] b) {
    int i = 0;
    while (true) {
      if (i + 2 < b.length
          && (b[i] & 0xff) == 0xef
          && (b[i + 1] & 0xff) == 0xbb
          && (b[i + 2] & 0xff) == 0xbf) {
        i += 3;
      } else if (i + 2 < b.length
          && (b[i] & 0xff) == 0xe2
          && (b[i + 1] & 0xff) == 0x80
          && (b[i + 2] & 0xff) >= 0x8b
          && (b[i + 2] & 0xff) <= 0x8d) {
        i += 3;
      } else if (i + 2 < b.length
          && (b[i] & 0xff) == 0xe2
          && (b[i + 1] & 0xff) == 0x81
          && (b[i + 2] & 0xff) == 0xa0) {
        i += 3;
      } else if (i + 1 < b.length && (b[i] & 0xff) == 0xc2 && (b[i + 1] & 0xff) == 0xa0) {
        i += 2;
      } else {
        return i;
      }
    }
  }

  /**
   * A line naming an iptables command that is not itself iptables output: every form starts with
   * {@code *}, {@code :}, {@code [}, {@code -}, {@code #} (save comments) or {@code Chain }.
   */
  private static boolean prompt(String line) {
    char c = line.charAt(0);
    if (c == '*'
        || c == ':'
        || c == '[' && !line.startsWith("[root")
        || c == '-'
        || line.startsWith("Chain ")
        || line.startsWith("# Generated")
        || line.startsWith("# Completed")) {
      return false;
    }
    if (c == '#') {
      // A root prompt ("# iptables-save -t nat") runs the command at once; any other "#" line is
      // a comment, as iptables-restore reads it ("# a payload for iptables-restore ...").
      String rest = line.substring(1).strip();
      return rest.startsWith("iptables") || rest.startsWith("sudo ");
    }
    return line.contains("iptables")
        && (line.contains("$") || line.contains("#") || line.contains(">") || line.contains("%"));
  }

  /** Cheap test on bytes: a short line starting with '#', '.', '[' or a UTF-8 lead byte. */
  private static boolean maybeElision(byte[] b, int start, int end) {
    int f = start;
    while (f < end && (b[f] == ' ' || b[f] == '\t')) {
      f++;
    }
    if (f == end || end - f > 16) {
      return false;
    }
    byte c = b[f];
    return c == '#' || c == '.' || c == '[' || c < 0;
  }

  private static boolean elision(String line) {
    String body = line.startsWith("#") ? line.substring(1).strip() : line;
    return body.equals("[...]") || body.equals("...") || body.equals("…") || body.equals("[…]");
  }

  private static String trimmed(byte[] b, int start, int end) {
    int to = end > start && b[end - 1] == '\r' ? end - 1 : end;
    return new String(b, start, to - start, StandardCharsets.UTF_8).strip();
  }

  private static String cut(String line) {
    return "\"" + (line.length() > 80 ? line.substring(0, 80) + "..." : line) + "\"";
  }
}
