package io.peerfix.nat;

import io.peerfix.common.UserInputException;

/** A nat dump (or ipset save) could not be read; names the 1-based line and its text. */
public final class NatParseException extends UserInputException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_TEXT = 200;

  private final int line;
  private final String lineText;

  public NatParseException(int line, String lineText, String problem) {
    super(message(line, cut(lineText), problem));
    this.line = line;
    this.lineText = cut(lineText);
  }

  /** The 1-based line number the problem is on (0 when it concerns the whole input). */
  public int line() {
    return line;
  }

  /** The offending line, cut to about 200 characters. */
  public String lineText() {
    return lineText;
  }

  static String cut(String text) {
    if (text == null) {
      return "";
    }
    String shown = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "..." : text;
    StringBuilder clean = new StringBuilder(shown.length());
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      clean.append(c < 0x20 && c != '\t' || c >= 0x7f && c <= 0x9f || c == 0xfffd ? '?' : c);
    }
    return clean.toString();
  }

  private static String message(int line, String text, String problem) {
    if (line <= 0) {
      return problem;
    }
    return "line " + line + ": " + problem + (text.isEmpty() ? "" : " in \"" + text + "\"");
  }
}
