package io.peerfix.bench.kubeproxy;

import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws the services of a synthetic cluster from a {@link ClusterShape}: the same shape always
 * gives the same services, names, ports, cluster IPs and endpoints.
 */
public final class SyntheticCluster {
  private static final String[] TEAMS = {
    "payments", "orders", "search", "billing", "identity", "catalog", "inventory", "shipping",
    "analytics", "checkout", "media", "notifications", "ledger", "pricing", "reviews", "support"
  };
  private static final String[] ROLES = {
    "api", "worker", "gateway", "db", "cache", "frontend", "grpc", "events", "reports", "admin"
  };
  private static final Port[] PORTS = {
    new Port("http", 80, 8080),
    new Port("https", 443, 8443),
    new Port("grpc", 9090, 9090),
    new Port("postgres", 5432, 5432),
    new Port("redis", 6379, 6379),
    new Port("metrics", 9100, 9100),
    new Port("mysql", 3306, 3306),
    new Port("web", 8080, 8080)
  };
  private static final int FIRST_NODE_PORT = 30000;
  // One service in twenty is of type NodePort, as in a cluster with a few ingress-like services.
  private static final int NODE_PORT_EVERY = 20;

  private SyntheticCluster() {}

  private record Port(String name, int port, int targetPort) {}

  /** The services of the cluster, in the order kube-proxy would write them. */
  public static List<ServicePort> services(ClusterShape shape) {
    SplittableRandom random = new SplittableRandom(shape.seed());
    IPv4Address serviceBase = address(ClusterShape.SERVICE_CIDR);
    IPv4Address podBase = address(ClusterShape.POD_CIDR);
    Set<Integer> usedClusterIps = new HashSet<>();
    Set<Integer> usedPods = new HashSet<>();
    List<ServicePort> services = new ArrayList<>(shape.services());
    int nodePorts = 0;
    for (int i = 0; i < shape.services(); i++) {
      String team = TEAMS[random.nextInt(TEAMS.length)];
      String namespace = team;
      String name = ROLES[random.nextInt(ROLES.length)] + "-" + i;
      Port port = PORTS[random.nextInt(PORTS.length)];
      // Offsets 0 (network) and 1 (the kubernetes service) are never drawn.
      int clusterOffset = distinct(random, usedClusterIps, 2, 2 + ClusterShape.SERVICE_CAPACITY);
      List<String> endpoints = new ArrayList<>(shape.endpointsPerService());
      for (int e = 0; e < shape.endpointsPerService(); e++) {
        endpoints.add(
            podAddress(podBase, distinct(random, usedPods, 0, ClusterShape.POD_CAPACITY)));
      }
      int nodePort = i % NODE_PORT_EVERY == NODE_PORT_EVERY - 1 ? FIRST_NODE_PORT + nodePorts++ : 0;
      services.add(
          new ServicePort(
              namespace,
              name,
              port.name(),
              serviceBase.increment(clusterOffset).toCanonicalString(),
              port.port(),
              port.targetPort(),
              nodePort,
              endpoints));
    }
    return services;
  }

  private static int distinct(SplittableRandom random, Set<Integer> used, int from, int to) {
    while (true) {
      int candidate = random.nextInt(from, to);
      if (used.add(candidate)) {
        return candidate;
      }
    }
  }

  // Pod index -> 10.244.<node>.<2..254>: .0 is the subnet and .1 the node's bridge (cbr0).
  private static String podAddress(IPv4Address podBase, int index) {
    int node = index / 253;
    int host = 2 + index % 253;
    return podBase.increment((long) node * 256 + host).toCanonicalString();
  }

  private static IPv4Address address(String cidr) {
    return new IPAddressString(cidr).getAddress().getLower().withoutPrefixLength().toIPv4();
  }
}
