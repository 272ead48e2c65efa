package io.peerfix.lab;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.List;

/**
 * The typed fields of a scenario file (ports, CIDRs, addresses), each read and checked where it
 * stands so a mistake names its key, and the address arithmetic the lab's topology does on them.
 */
final class ScenarioValues {
  private ScenarioValues() {}

  static int port(YamlObject o, String key) {
    int port = o.integer(key);
    if (port < 1 || port > 65535) {
      throw o.error(key, "ports are 1..65535, got " + port);
    }
    return port;
  }

  static List<String> cidrs(YamlObject o, String key) {
    List<String> raw = o.strings(key);
    for (int i = 0; i < raw.size(); i++) {
      checkCidr(o, key + "[" + i + "]", raw.get(i));
    }
    return raw;
  }

  static String cidr(YamlObject o, String key) {
    String text = o.string(key);
    checkCidr(o, key, text);
    return text;
  }

  static void checkCidr(YamlObject o, String key, String text) {
    IPAddress a = new IPAddressString(text).getAddress();
    if (a == null || !a.isIPv4() || !a.isPrefixed()) {
      throw o.error(key, "'" + text + "' is not an IPv4 CIDR like 10.0.0.0/16");
    }
    if (!a.getLower()
        .withoutPrefixLength()
        .equals(a.toZeroHost().getLower().withoutPrefixLength())) {
      throw o.error(
          key, "'" + text + "' is not a network address; did you mean " + a.toZeroHost() + "?");
    }
    try {
      Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      throw o.error(key, e.getMessage());
    }
  }

  static String address(YamlObject o, String key) {
    String text = o.string(key);
    IPAddress a = new IPAddressString(text).getAddress();
    if (a == null || !a.isIPv4() || a.isPrefixed()) {
      throw o.error(key, "'" + text + "' is not an IPv4 address like 10.0.5.20");
    }
    try {
      return Ipv4.parse(text).toString();
    } catch (IllegalArgumentException e) {
      throw o.error(key, e.getMessage());
    }
  }

  /** The first address of {@code cidr}, without prefix length. */
  static IPAddress network(String cidr) {
    return new IPAddressString(cidr).getAddress().getLower().withoutPrefixLength();
  }

  static int prefix(String cidr) {
    return new IPAddressString(cidr).getAddress().getNetworkPrefixLength();
  }

  static boolean contains(String cidr, String address) {
    return new IPAddressString(cidr)
        .getAddress()
        .contains(new IPAddressString(address).getAddress());
  }
}
