package io.peerfix.nat;

/**
 * Recognises text that is iptables output in an encoding or line-ending convention the parser does
 * not read, so that the message names what it is and how to convert it instead of calling it binary
 * data: UTF-16 (what Windows PowerShell's {@code >} writes) and lines ending in CR only.
 */
final class Encodings {
  private static final int SAMPLE = 4096;

  private Encodings() {}

  static void check(DumpText dump) {
    byte[] b = dump.bytes();
    int n = Math.min(b.length, SAMPLE);
    if (utf16(b, n)) {
      throw new NatParseException(
          1,
          "",
          "the rules are UTF-16 text (as Windows PowerShell's > writes), not the UTF-8 iptables"
              + " prints: convert it, e.g. iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8, or save it"
              + " as UTF-8");
    }
    int scan = Math.min(b.length, Lines.MAX_LINE + 1);
    boolean cr = false;
    for (int i = 0; i < scan; i++) {
      if (b[i] == '\n') {
        return;
      }
      cr |= b[i] == '\r';
    }
    if (cr) {
      throw new NatParseException(
          1,
          "",
          "the lines end in CR only (classic Mac line endings), not the LF iptables prints:"
              + " convert them, e.g. tr '\\r' '\\n' < FILE > FILE.txt");
    }
  }

  /** A UTF-16 byte-order mark, or the NUL bytes that UTF-16 puts beside every ASCII character. */
  private static boolean utf16(byte[] b, int n) {
    if (n >= 2
        && ((b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe
            || (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff)) {
      return true;
    }
    int zeros = 0;
    for (int i = 0; i < n; i++) {
      zeros += b[i] == 0 ? 1 : 0;
    }
    return n >= 8 && zeros * 3 > n;
  }
}
