package io.peerfix.lab;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/**
 * Where every lab address goes, derived only from the scenario: the router takes the first host of
 * each VPC's first CIDR (as AWS's VPC router does), node i takes {@code firstNodeIp + i - 1}, node
 * i's pods live in the i-th /24 of the pod range with the bridge on {@code .1} and pod i on {@code
 * .5}.
 */
public record AddressPlan(Scenario scenario, int nodes) {

  public String clusterCidr() {
    return scenario.cluster().vpc().cidrs().get(0);
  }

  public String peerCidr() {
    return scenario.peer().vpc().cidrs().get(0);
  }

  public String routerClusterIp() {
    return ScenarioValues.network(clusterCidr()).increment(1).toString();
  }

  public String routerPeerIp() {
    return ScenarioValues.network(peerCidr()).increment(1).toString();
  }

  public int clusterPrefix() {
    return ScenarioValues.prefix(clusterCidr());
  }

  public int peerPrefix() {
    return ScenarioValues.prefix(peerCidr());
  }

  /** The prefix length of the peer CIDR that holds the target. */
  public int targetPrefix() {
    return scenario.peer().vpc().cidrs().stream()
        .filter(c -> ScenarioValues.contains(c, scenario.peer().target().ip()))
        .mapToInt(ScenarioValues::prefix)
        .findFirst()
        .orElseThrow();
  }

  /** The router's address on the target's CIDR (its first host). */
  public String routerTargetSideIp() {
    String cidr =
        scenario.peer().vpc().cidrs().stream()
            .filter(c -> ScenarioValues.contains(c, scenario.peer().target().ip()))
            .findFirst()
            .orElseThrow();
    return ScenarioValues.network(cidr).increment(1).toString();
  }

  public String nodeIp(int node) {
    return new IPAddressString(scenario.cluster().firstNodeIp())
        .getAddress()
        .increment(node - 1L)
        .toString();
  }

  /** Node {@code node}'s pod range: the node-th /24 of the pod CIDR, e.g. 10.244.1.0/24. */
  public String podCidr(int node) {
    return podSubnetBase(node) + "/24";
  }

  /** The node's bridge (cbr0) address: the first host of its pod /24. */
  public String bridgeIp(int node) {
    return podSubnetStart(node).increment(1).toString();
  }

  /** The address of the pod on node {@code node}: host 5 of the node's pod /24. */
  public String podIp(int node) {
    return podSubnetStart(node).increment(5).toString();
  }

  public String dnsIp() {
    return scenario.dns().serverIp();
  }

  private String podSubnetBase(int node) {
    return podSubnetStart(node).toString();
  }

  private IPAddress podSubnetStart(int node) {
    return ScenarioValues.network(scenario.cluster().podCidr()).increment(256L * node);
  }
}
