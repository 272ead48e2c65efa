package io.peerfix.vpc;

import io.peerfix.net.Ipv4;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Stateless network ACL evaluation for TCP: entries of one direction in rule-number order, the
 * first that matches the peer address, protocol and port decides; nothing matching means denied.
 * Works on a port range so a reply to any ephemeral port can be judged at once.
 */
final class AclEvaluation {
  /** A run of ports and the entry that decided them (null: no entry matched, implicitly denied). */
  record Decision(int fromPort, int toPort, NetworkAclEntry entry) {
    boolean allowed() {
      return entry != null && entry.allow();
    }

    int ruleNumber() {
      return entry == null ? 32767 : entry.ruleNumber();
    }

    String text() {
      String ports = fromPort == toPort ? "port " + fromPort : "ports " + fromPort + "-" + toPort;
      return ports + " by " + (entry == null ? "no matching entry (implicit deny)" : entry.text());
    }

    /**
     * The text for a sentence that already names the ports asked about and the direction: the ports
     * only when this decision covers part of them, the entry without its direction.
     */
    String text(int askedFrom, int askedTo) {
      String ports = fromPort == toPort ? "port " + fromPort : "ports " + fromPort + "-" + toPort;
      return (fromPort == askedFrom && toPort == askedTo ? "" : ports + " ") + "by " + by();
    }

    private String by() {
      return entry == null ? "no matching entry (implicit deny)" : entry.ruleText();
    }
  }

  private AclEvaluation() {}

  /** How each port in {@code fromPort..toPort} to/from {@code peer} is decided, in port order. */
  static List<Decision> decide(
      NetworkAcl acl, boolean egress, Ipv4 peer, int fromPort, int toPort) {
    List<int[]> open = new ArrayList<>(List.of(new int[] {fromPort, toPort}));
    List<Decision> decided = new ArrayList<>();
    List<NetworkAclEntry> entries =
        acl.entries().stream()
            .filter(e -> e.egress() == egress && e.coversTcp() && e.cidr().contains(peer))
            .sorted(Comparator.comparingInt(NetworkAclEntry::ruleNumber))
            .toList();
    for (NetworkAclEntry entry : entries) {
      int lo = entry.hasPortRange() ? entry.fromPort() : 0;
      int hi = entry.hasPortRange() ? entry.toPort() : 65535;
      List<int[]> stillOpen = new ArrayList<>();
      for (int[] run : open) {
        int from = Math.max(run[0], lo);
        int to = Math.min(run[1], hi);
        if (from > to) {
          stillOpen.add(run);
          continue;
        }
        decided.add(new Decision(from, to, entry));
        if (run[0] < from) {
          stillOpen.add(new int[] {run[0], from - 1});
        }
        if (to < run[1]) {
          stillOpen.add(new int[] {to + 1, run[1]});
        }
      }
      open = stillOpen;
    }
    open.forEach(run -> decided.add(new Decision(run[0], run[1], null)));
    decided.sort(Comparator.comparingInt(Decision::fromPort));
    return decided;
  }
}
