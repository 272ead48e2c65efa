package io.peerfix.agent;

import io.peerfix.facts.RouteEntry;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.net.Ipv4Interface;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads what {@code ip -o -4 addr show} and {@code ip -4 route show} print. */
public final class IpOutput {
  private static final Set<String> ROUTE_TYPES =
      Set.of("blackhole", "unreachable", "prohibit", "throw", "local", "broadcast", "multicast");

  private IpOutput() {}

  /** One IPv4 address of an interface, with its prefix length and scope (global, link, host). */
  public record InterfaceAddress(String device, String address, int prefixLength, String scope) {
    public String cidr() {
      return address + "/" + prefixLength;
    }

    /** The address as a value, or empty when {@code ip} printed something peerfix cannot read. */
    public Optional<Ipv4Interface> value() {
      return Ipv4Interface.tryParse(cidr());
    }
  }

  /**
   * Parses {@code ip -o -4 addr show}: one line per address, {@code N: DEV inet A/P ... scope S
   * ...}. Lines of another shape are skipped.
   */
  public static List<InterfaceAddress> addresses(String text) {
    List<InterfaceAddress> result = new ArrayList<>();
    for (String line : lines(text)) {
      String[] t = line.trim().split("\\s+");
      int inet = indexOf(t, "inet");
      if (t.length < 4 || inet != 2 || !t[3].contains("/")) {
        continue;
      }
      String device = t[1].endsWith(":") ? t[1].substring(0, t[1].length() - 1) : t[1];
      int at = device.indexOf('@');
      device = at > 0 ? device.substring(0, at) : device;
      String[] cidr = t[3].split("/", 2);
      int scope = indexOf(t, "scope");
      String scopeName = scope > 0 && scope + 1 < t.length ? t[scope + 1] : "global";
      try {
        result.add(new InterfaceAddress(device, cidr[0], Integer.parseInt(cidr[1]), scopeName));
      } catch (NumberFormatException e) {
        // Not an address line after all; skip it like any other unknown shape.
      }
    }
    return result;
  }

  /**
   * Parses {@code ip -4 route show} into routes. A typed route without a device (blackhole,
   * unreachable, prohibit, throw) is reported with the type as its device, so it is not mistaken
   * for a working route.
   */
  public static List<RouteEntry> routes(String text) {
    List<RouteEntry> result = new ArrayList<>();
    for (String line : lines(text)) {
      String[] t = line.trim().split("\\s+");
      if (t.length == 0 || t[0].isEmpty()) {
        continue;
      }
      int i = 0;
      String type = null;
      if (ROUTE_TYPES.contains(t[0]) && t.length > 1) {
        type = t[0];
        i = 1;
      }
      Optional<Cidr> destination =
          "default".equals(t[i]) ? Optional.of(Cidr.ALL) : Cidr.tryParse(t[i]);
      if (destination.isEmpty()) {
        continue; // not an IPv4 route peerfix can read
      }
      String device = valueAfter(t, "dev");
      result.add(
          new RouteEntry(
              destination.get(),
              Ipv4.tryParse(valueAfter(t, "via")).orElse(null),
              device == null ? type : device,
              Ipv4.tryParse(valueAfter(t, "src")).orElse(null)));
    }
    return result;
  }

  private static List<String> lines(String text) {
    return text == null ? List.of() : text.lines().filter(l -> !l.isBlank()).toList();
  }

  private static String valueAfter(String[] tokens, String key) {
    int i = indexOf(tokens, key);
    return i >= 0 && i + 1 < tokens.length ? tokens[i + 1] : null;
  }

  private static int indexOf(String[] tokens, String key) {
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }
}
