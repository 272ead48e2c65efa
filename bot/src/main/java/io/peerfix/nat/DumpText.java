package io.peerfix.nat;

import java.nio.charset.StandardCharsets;

/**
 * A dump seen as bytes for scanning (an array read is far cheaper than {@code String.charAt}, which
 * matters most before the JIT has warmed up in a short-lived {@code peerfix nat explain} process),
 * with strings made only for what a table keeps. Built from a String (one byte per char, chars
 * above 0xff read as '?') or directly from UTF-8 file bytes (no decoding of the whole file; offsets
 * are byte offsets and kept pieces are decoded as UTF-8). The structure of iptables output is
 * ASCII, so both views split the same way.
 */
final class DumpText {
  private final byte[] bytes;
  private final String text;

  private DumpText(byte[] bytes, String text) {
    this.bytes = bytes;
    this.text = text;
  }

  static DumpText of(String text) {
    return new DumpText(text.getBytes(StandardCharsets.ISO_8859_1), text);
  }

  static DumpText ofUtf8(byte[] utf8) {
    return new DumpText(utf8, null);
  }

  byte[] bytes() {
    return bytes;
  }

  int length() {
    return bytes.length;
  }

  char charAt(int i) {
    return (char) (bytes[i] & 0xff);
  }

  boolean startsWith(String ascii, int at) {
    if (at + ascii.length() > bytes.length) {
      return false;
    }
    for (int k = 0; k < ascii.length(); k++) {
      if (bytes[at + k] != ascii.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  String substring(int start, int end) {
    return text != null
        ? text.substring(start, end)
        : new String(bytes, start, end - start, StandardCharsets.UTF_8);
  }
}
