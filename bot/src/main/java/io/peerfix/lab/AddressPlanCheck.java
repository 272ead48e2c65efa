package io.peerfix.lab;

import io.peerfix.common.UserInputException;
import io.peerfix.lab.Scenario.DnsAnswer;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The cross-field checks of a scenario's address plan: every range and address must fit the lab's
 * topology (and AWS's rules) before anything is built, so a plan that cannot work is bad input
 * naming the keys, never a kernel error half-way through a build.
 *
 * <p>What the topology needs: the router holds the first host of each VPC's first CIDR on two
 * bridges, so the two VPCs may not overlap (AWS refuses to peer overlapping VPCs too), nor may two
 * CIDRs of one VPC. Each node's pods get a /24 of the pod range of their own behind the node, which
 * the cluster VPC routes to the node (kubenet style): the pod range may not overlap the cluster
 * VPC. It may overlap the peer VPC: that is the CIDR_OVERLAP failure the lab reproduces. The DNS
 * server, the nodes and the target are hosts of their CIDRs (not a network or broadcast address,
 * not the router's), and the target's public address is outside every lab range.
 */
final class AddressPlanCheck {
  /** Ranges no VPC or pod range may touch: "this network", loopback, multicast and reserved. */
  private static final List<Cidr> UNUSABLE =
      List.of(
          Cidr.parse("0.0.0.0/8"),
          Cidr.parse("127.0.0.0/8"),
          Cidr.parse("169.254.0.0/16"),
          Cidr.parse("224.0.0.0/3"));

  private final Scenario s;
  private final BiFunction<String, String, UserInputException> error;

  /**
   * @param error builds the error for a key (a dotted path from the document's root) and a message
   */
  AddressPlanCheck(Scenario scenario, BiFunction<String, String, UserInputException> error) {
    this.s = scenario;
    this.error = error;
  }

  void check() {
    List<Cidr> cluster = cidrs(s.cluster().vpc().cidrs());
    List<Cidr> peer = cidrs(s.peer().vpc().cidrs());
    Cidr pods = Cidr.parse(s.cluster().podCidr());
    usable("cluster.vpc.cidrs", cluster);
    usable("peer.vpc.cidrs", peer);
    usable("cluster.podCidr", List.of(pods));
    disjoint("cluster.vpc.cidrs", cluster);
    disjoint("peer.vpc.cidrs", peer);
    for (int i = 0; i < cluster.size(); i++) {
      for (int j = 0; j < peer.size(); j++) {
        if (cluster.get(i).overlaps(peer.get(j))) {
          throw error.apply(
              "peer.vpc.cidrs[" + j + "]",
              peer.get(j)
                  + " overlaps cluster.vpc.cidrs["
                  + i
                  + "] "
                  + cluster.get(i)
                  + ": AWS does not peer VPCs whose ranges overlap; give the peer VPC a range"
                  + " of its own, e.g. 10.0.0.0/16 beside a cluster VPC of 172.20.0.0/16");
        }
      }
      if (pods.overlaps(cluster.get(i))) {
        throw error.apply(
            "cluster.podCidr",
            pods
                + " overlaps cluster.vpc.cidrs["
                + i
                + "] "
                + cluster.get(i)
                + ": in the lab each node's pods get a /24 of this range behind the node, routed"
                + " to the node by the VPC, so it must lie outside the cluster VPC, e.g."
                + " 10.244.0.0/16 (to reproduce a pod range overlapping the peer VPC, overlap"
                + " peer.vpc.cidrs instead)");
      }
    }
    checkDns(cluster.get(0));
    checkTarget(cluster, peer, pods);
  }

  private void checkDns(Cidr clusterCidr) {
    Ipv4 dns = Ipv4.parse(s.dns().serverIp());
    if (!clusterCidr.contains(dns)) {
      throw error.apply(
          "dns.serverIp", dns + " must be inside the cluster VPC's first CIDR " + clusterCidr);
    }
    host("dns.serverIp", dns, clusterCidr);
  }

  private void checkTarget(List<Cidr> cluster, List<Cidr> peer, Cidr pods) {
    Scenario.Target target = s.peer().target();
    Ipv4 ip = Ipv4.parse(target.ip());
    Cidr home =
        peer.stream()
            .filter(c -> c.contains(ip))
            .findFirst()
            .orElseThrow(
                () ->
                    error.apply(
                        "peer.target.ip",
                        ip + " is not inside the peer VPC " + s.peer().vpc().cidrs()));
    host("peer.target.ip", ip, home);
    if (target.publicIp() == null) {
      if (s.dns().answer() == DnsAnswer.PUBLIC) {
        throw error.apply("peer.target.publicIp", "required when dns.answer is public");
      }
      return;
    }
    Ipv4 publicIp = Ipv4.parse(target.publicIp());
    for (Cidr c : concat(cluster, peer, List.of(pods))) {
      if (c.contains(publicIp)) {
        throw error.apply(
            "peer.target.publicIp",
            publicIp
                + " is inside "
                + c
                + ", a range of the lab; a public address lies outside both VPCs and the pod"
                + " range, e.g. 203.0.113.20");
      }
    }
  }

  /** {@code ip} must be a host of {@code cidr}: not its network, broadcast or router address. */
  private void host(String key, Ipv4 ip, Cidr cidr) {
    if (cidr.prefix() < 31 && (ip.equals(cidr.first()) || ip.equals(cidr.last()))) {
      throw error.apply(
          key, ip + " is the network or broadcast address of " + cidr + "; use a host address");
    }
    if (ip.value() == cidr.first().value() + 1) {
      throw error.apply(
          key, ip + " is the VPC router's address in " + cidr + " (the CIDR's first host)");
    }
  }

  private void usable(String key, List<Cidr> cidrs) {
    for (int i = 0; i < cidrs.size(); i++) {
      for (Cidr bad : UNUSABLE) {
        if (cidrs.get(i).overlaps(bad)) {
          String where = cidrs.size() == 1 && !key.endsWith("cidrs") ? key : key + "[" + i + "]";
          throw error.apply(
              where,
              cidrs.get(i)
                  + " overlaps "
                  + bad
                  + " (loopback, link-local, multicast or reserved), which no VPC uses");
        }
      }
    }
  }

  private void disjoint(String key, List<Cidr> cidrs) {
    for (int i = 0; i < cidrs.size(); i++) {
      for (int j = i + 1; j < cidrs.size(); j++) {
        if (cidrs.get(i).overlaps(cidrs.get(j))) {
          throw error.apply(
              key + "[" + j + "]",
              cidrs.get(j)
                  + " overlaps "
                  + key
                  + "["
                  + i
                  + "] "
                  + cidrs.get(i)
                  + ": the CIDR blocks of one VPC never overlap");
        }
      }
    }
  }

  private static List<Cidr> cidrs(List<String> texts) {
    return texts.stream().map(Cidr::parse).toList();
  }

  @SafeVarargs
  private static List<Cidr> concat(List<Cidr>... lists) {
    return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
  }
}
