package io.peerfix.nat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Contents of the node's ipsets as {@code ipset save} prints them. Sets of type hash:ip, hash:net,
 * bitmap:ip (addresses, networks, ranges, {@code nomatch} exceptions) and hash:ip,port /
 * hash:net,port are modeled; a set that was not given, or of another type, makes a {@code -m set}
 * match unknown so the evaluation forks on it.
 */
public final class IpSets {
  private static final IpSets EMPTY = new IpSets(Map.of());

  private final Map<String, IpSet> sets;

  private IpSets(Map<String, IpSet> sets) {
    this.sets = sets;
  }

  /** No set known: every {@code -m set} match makes the answer depend on that set. */
  public static IpSets empty() {
    return EMPTY;
  }

  /** Names of the sets given. */
  public java.util.Set<String> names() {
    return sets.keySet();
  }

  /**
   * Parses {@code ipset save} output ({@code create} and {@code add} lines).
   *
   * @throws NatParseException naming the line when the text is not ipset save output
   */
  public static IpSets parseSave(String ipsetSave) {
    if (ipsetSave == null) {
      throw new NatParseException(0, "", "no ipset contents given");
    }
    Map<String, IpSet> sets = new HashMap<>();
    DumpText dump = DumpText.of(ipsetSave);
    Lines lines = new Lines(dump);
    LineTokens tokens = new LineTokens();
    while (lines.advance()) {
      int first = lines.firstNonBlank();
      if (first == lines.end() || ipsetSave.charAt(first) == '#') {
        continue;
      }
      lines.checkText("ipset output; give the text ipset save (or ipset list -output save) prints");
      try {
        String problem = tokens.split(dump, first, lines.end());
        if (problem != null) {
          throw new DumpProblem(problem);
        }
        line(tokens, sets);
      } catch (DumpProblem problem) {
        throw new NatParseException(lines.number(), lines.current(), problem.getMessage());
      }
    }
    return new IpSets(Map.copyOf(sets));
  }

  private static void line(LineTokens tokens, Map<String, IpSet> sets) {
    if (tokens.count() < 3) {
      throw new DumpProblem("expected \"create NAME TYPE ...\" or \"add NAME ENTRY\"");
    }
    String name = tokens.raw(1);
    switch (tokens.raw(0)) {
      case "create", "-N", "-exist" -> {
        boolean inet6 = false;
        for (int i = 3; i + 1 < tokens.count(); i++) {
          inet6 |= tokens.is(i, "family") && tokens.is(i + 1, "inet6");
        }
        sets.put(name, new IpSet(name, tokens.raw(2), inet6));
      }
      case "add", "-A" -> {
        IpSet set = sets.get(name);
        if (set == null) {
          throw new DumpProblem("set " + name + " is not created before this line");
        }
        boolean nomatch = false;
        for (int i = 3; i < tokens.count(); i++) {
          nomatch |= tokens.is(i, "nomatch");
        }
        set.add(tokens.raw(2), nomatch);
      }
      default ->
          throw new DumpProblem(
              "unknown ipset command \""
                  + NatParseException.cut(tokens.raw(0))
                  + "\" (create, add)");
    }
  }

  Tri test(Match.Set match, PacketState p) {
    IpSet set = sets.get(match.name());
    if (set == null) {
      return Tri.unknown(
          "the contents of set " + match.name() + " (not given: pass its ipset save output)");
    }
    return set.test(match.sourceFlags(), p);
  }

  /** One set: entries as networks (ranges are split into prefix blocks), optionally with ports. */
  private static final class IpSet {
    private record Entry(Ipv4Cidr net, int protocol, PortRange ports, boolean nomatch) {}

    private final String name;
    private final String type;
    private final String unsupported;
    private final List<Entry> entries = new ArrayList<>();

    IpSet(String name, String type, boolean inet6) {
      this.name = name;
      this.type = type;
      boolean modeled =
          switch (type) {
            case "hash:ip", "hash:net", "bitmap:ip", "hash:ip,port", "hash:net,port" -> true;
            default -> false;
          };
      this.unsupported =
          inet6
              ? "set " + name + " is IPv6"
              : modeled ? null : "set " + name + " of type " + type + " is not modeled";
    }

    boolean hasPorts() {
      return type.endsWith(",port");
    }

    void add(String entry, boolean nomatch) {
      if (unsupported != null) {
        return;
      }
      int comma = entry.indexOf(',');
      String address = comma < 0 ? entry : entry.substring(0, comma);
      int protocol = 6;
      PortRange ports = null;
      if (hasPorts()) {
        if (comma < 0) {
          throw new DumpProblem(
              "entry \"" + entry + "\" of " + type + " set " + name + " has no port");
        }
        String port = entry.substring(comma + 1);
        int colon = port.indexOf(':');
        if (colon >= 0) {
          protocol = Protocols.number(port.substring(0, colon));
          if (protocol < 0) {
            throw new DumpProblem("unknown protocol in \"" + entry + "\"");
          }
          port = port.substring(colon + 1);
        }
        ports = Values.portRange(port);
      }
      for (Ipv4Cidr net : networks(address)) {
        entries.add(new Entry(net, protocol, ports, nomatch));
      }
    }

    /** An address, a network or a range, as prefix blocks (through the inet.ipaddr library). */
    private static List<Ipv4Cidr> networks(String text) {
      IPAddress address;
      int dash = text.indexOf('-');
      List<Ipv4Cidr> nets = new ArrayList<>();
      if (dash > 0) {
        IPAddress lower = v4(text.substring(0, dash));
        IPAddress upper = v4(text.substring(dash + 1));
        for (IPAddress block : lower.spanWithRange(upper).spanWithPrefixBlocks()) {
          nets.add(cidr(block));
        }
        return nets;
      }
      address = v4(text);
      nets.add(cidr(address));
      return nets;
    }

    private static IPAddress v4(String text) {
      IPAddress address = new IPAddressString(text).getAddress();
      if (address == null || !address.isIPv4()) {
        throw new DumpProblem("\"" + text + "\" is not an IPv4 address or network");
      }
      return address;
    }

    private static Ipv4Cidr cidr(IPAddress block) {
      Integer prefix = block.getNetworkPrefixLength();
      int bits = prefix == null ? 32 : prefix;
      int mask = bits == 0 ? 0 : -1 << (32 - bits);
      return new Ipv4Cidr(block.getLower().toIPv4().intValue(), mask);
    }

    Tri test(List<Boolean> sourceFlags, PacketState p) {
      if (unsupported != null) {
        return Tri.unknown("set " + name + " (" + unsupported + ")");
      }
      int dims = hasPorts() ? 2 : 1;
      if (sourceFlags.size() < dims) {
        return Tri.unknown(
            "set " + name + " (" + type + " matched with fewer directions than it has)");
      }
      int ip = sourceFlags.get(0) ? p.src : p.dst;
      int port = dims == 2 ? (sourceFlags.get(1) ? p.srcPort : p.dstPort) : -1;
      if (port == 0) {
        return Tri.unknown(
            "the " + (sourceFlags.get(1) ? "source" : "destination") + " port (set " + name + ")");
      }
      Entry best = null;
      for (Entry entry : entries) {
        boolean hit =
            entry.net.contains(ip)
                && (dims == 1 || entry.protocol == p.protocol && entry.ports.contains(port));
        if (hit
            && (best == null
                || Integer.bitCount(entry.net.mask()) > Integer.bitCount(best.net.mask()))) {
          best = entry;
        }
      }
      String what =
          "set "
              + name
              + (best == null || best.nomatch ? " does not contain " : " contains ")
              + Ipv4.format(ip)
              + (dims == 2 ? "," + Protocols.name(p.protocol) + ":" + port : "");
      if (best != null && best.nomatch) {
        what += " (nomatch entry " + best.net + ")";
      }
      return best == null || best.nomatch ? Tri.no(what) : Tri.yes(what);
    }
  }
}
