package io.peerfix.nat;

import java.util.ArrayList;
import java.util.List;

/** Parses option values as iptables prints them; throws {@link DumpProblem} when malformed. */
final class Values {
  private Values() {}

  /** A 32-bit value, decimal or 0x hex. */
  static int u32(String text, String what) {
    long value = 0;
    int i = 0;
    int radix = 10;
    if (text.startsWith("0x") || text.startsWith("0X")) {
      radix = 16;
      i = 2;
    }
    if (i >= text.length() || text.length() - i > (radix == 16 ? 8 : 10)) {
      throw new DumpProblem("bad " + what + " \"" + text + "\"");
    }
    for (; i < text.length(); i++) {
      int digit = Character.digit(text.charAt(i), radix);
      if (digit < 0) {
        throw new DumpProblem("bad " + what + " \"" + text + "\"");
      }
      value = value * radix + digit;
    }
    if (value > 0xffffffffL) {
      throw new DumpProblem("bad " + what + " \"" + text + "\" (more than 32 bits)");
    }
    return (int) value;
  }

  /** {@code value[/mask]}; mask defaults to all ones. Returns {value, mask}. */
  static int[] valueMask(String text, String what) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      return new int[] {u32(text, what), -1};
    }
    return new int[] {u32(text.substring(0, slash), what), u32(text.substring(slash + 1), what)};
  }

  static int port(String text) {
    if (text.isEmpty() || text.length() > 5) {
      throw new DumpProblem("bad port \"" + text + "\" (numbers only; use iptables -n)");
    }
    int value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new DumpProblem("bad port \"" + text + "\" (numbers only; use iptables -n)");
      }
      value = value * 10 + (c - '0');
    }
    if (value > 65535) {
      throw new DumpProblem("bad port \"" + text + "\" (more than 65535)");
    }
    return value;
  }

  /** {@code p}, {@code a:b}, {@code :b}, {@code a:} (also {@code a-b} in nat ranges). */
  static PortRange portRange(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      colon = text.indexOf('-');
    }
    if (colon < 0) {
      int port = port(text);
      return new PortRange(port, port);
    }
    int from = colon == 0 ? 0 : port(text.substring(0, colon));
    int to = colon == text.length() - 1 ? 65535 : port(text.substring(colon + 1));
    if (from > to) {
      throw new DumpProblem("bad port range \"" + text + "\"");
    }
    return new PortRange(from, to);
  }

  /** Comma separated ports and ranges (multiport). */
  static List<PortRange> portList(String text) {
    List<PortRange> ranges = new ArrayList<>();
    int start = 0;
    while (start <= text.length()) {
      int comma = text.indexOf(',', start);
      int end = comma < 0 ? text.length() : comma;
      ranges.add(portRange(text.substring(start, end)));
      start = end + 1;
    }
    return ranges;
  }

  /** An address in a nat range, read as iptables reads it ({@link IptablesAddress}). */
  static long address(String text) {
    long value = Ipv4.scan(text, 0, text.length());
    if (value < 0) {
      value = IptablesAddress.numeric(text, 0, text.length());
    }
    if (value < 0) {
      throw new DumpProblem("bad address \"" + text + "\"");
    }
    return value;
  }

  /** Comma separated words, e.g. conntrack states. */
  static List<String> words(String text) {
    return List.of(text.split(","));
  }
}
