package io.peerfix.nat;

import java.util.Locale;

/** Protocol names and numbers as iptables accepts them in {@code -p}. */
final class Protocols {
  private static final String[] NAMES = new String[256];

  static {
    NAMES[0] = "all";
    NAMES[1] = "icmp";
    NAMES[2] = "igmp";
    NAMES[4] = "ipip";
    NAMES[6] = "tcp";
    NAMES[17] = "udp";
    NAMES[33] = "dccp";
    NAMES[41] = "ipv6";
    NAMES[47] = "gre";
    NAMES[50] = "esp";
    NAMES[51] = "ah";
    NAMES[58] = "ipv6-icmp";
    NAMES[94] = "ipencap";
    NAMES[103] = "pim";
    NAMES[112] = "vrrp";
    NAMES[132] = "sctp";
    NAMES[136] = "udplite";
  }

  private Protocols() {}

  /** The protocol number for a name or number, or -1 when unknown. */
  static int number(String text) {
    if (text.isEmpty() || text.length() > 9) {
      return -1;
    }
    if (Character.isDigit(text.charAt(0))) {
      int value = 0;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          return -1;
        }
        value = value * 10 + (c - '0');
      }
      return value <= 255 ? value : -1;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    for (int i = 0; i < NAMES.length; i++) {
      if (lower.equals(NAMES[i])) {
        return i;
      }
    }
    return lower.equals("ip") ? 0 : -1;
  }

  static String name(int number) {
    return NAMES[number] != null ? NAMES[number] : Integer.toString(number);
  }
}
