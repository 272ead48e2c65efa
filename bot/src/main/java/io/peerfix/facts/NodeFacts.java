package io.peerfix.facts;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4Interface;
import java.util.List;

/**
 * What a node's agent reports: the nat table as {@code iptables-save -t nat} prints it (through the
 * backend the node really uses), the {@code ipset save} output of sets the nat rules reference, the
 * node's addresses, routes and pod range, the CNI told from the rules, and a probe of the target
 * from the node's own network.
 *
 * <p>{@code iptablesBackend} is {@code legacy}, {@code nf_tables} or {@code unknown}; {@code
 * addresses} are the node's IPv4 interface addresses ({@code 172.20.1.10/16}), loopback left out;
 * {@code podCidr} is the node's pod network ({@code 10.244.1.0/24}), null when unknown.
 */
public record NodeFacts(
    String nodeName,
    String iptablesBackend,
    String natTable,
    String ipsets,
    List<Ipv4Interface> addresses,
    List<RouteEntry> routes,
    Cidr podCidr,
    Cni cni,
    ProbeResult hostProbe,
    List<String> warnings) {
  public NodeFacts {
    addresses = List.copyOf(addresses);
    routes = List.copyOf(routes);
    warnings = List.copyOf(warnings);
  }

  /** These facts with {@code table} as the nat table and {@code replaced} as the warnings. */
  public NodeFacts withNatTable(String table, List<String> replaced) {
    return new NodeFacts(
        nodeName,
        iptablesBackend,
        table,
        ipsets,
        addresses,
        routes,
        podCidr,
        cni,
        hostProbe,
        replaced);
  }

  /** These facts with the CNI told otherwise than from the rules. */
  public NodeFacts withCni(Cni told) {
    return new NodeFacts(
        nodeName,
        iptablesBackend,
        natTable,
        ipsets,
        addresses,
        routes,
        podCidr,
        told,
        hostProbe,
        warnings);
  }

  /** These facts with {@code warning} after their own warnings. */
  public NodeFacts withWarning(String warning) {
    List<String> more = new java.util.ArrayList<>(warnings);
    more.add(warning);
    return withNatTable(natTable, more);
  }
}
