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

  /**
   * A String's dump: one byte per char when all chars are ASCII (the fast, common case), else its
   * UTF-8 bytes, so that names which differ only above ASCII stay different.
   */
  static DumpText of(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return ofUtf8(text.getBytes(StandardCharsets.UTF_8));
      }
    }
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

  /**
   * A name (chain, set, option) as the kernel keeps it, bytes: UTF-8 when the bytes are UTF-8
   * (iptables-restore accepts UTF-8 chain names), else each byte above ASCII written {@code \xNN}
   * so that two names with different bytes never become the same name.
   */
  String name(int start, int end) {
    if (text != null) {
      return text.substring(start, end);
    }
    boolean ascii = true;
    for (int i = start; i < end && ascii; i++) {
      ascii = bytes[i] >= 0;
    }
    if (ascii) {
      return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(java.nio.ByteBuffer.wrap(bytes, start, end - start))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      StringBuilder escaped = new StringBuilder();
      for (int i = start; i < end; i++) {
        int b = bytes[i] & 0xff;
        escaped.append(b < 0x80 ? Character.toString(b) : String.format("\\x%02x", b));
      }
      return escaped.toString();
    }
  }

  String substring(int start, int end) {
    return text != null
        ? text.substring(start, end)
        : new String(bytes, start, end - start, StandardCharsets.UTF_8);
  }
}
