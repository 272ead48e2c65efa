package io.peerfix.bench.kubeproxy;

/**
 * How big a synthetic cluster is and which seed picks its names and addresses.
 *
 * @param services number of service ports (each gets its own cluster IP)
 * @param endpointsPerService endpoints (pods) behind each service
 * @param seed seed of the deterministic choice of names, ports and addresses
 */
public record ClusterShape(int services, int endpointsPerService, long seed) {
  /** Service CIDR (kubeadm's default), where cluster IPs are drawn from. */
  public static final String SERVICE_CIDR = "10.96.0.0/12";

  /** Cluster (pod) CIDR (flannel's default), cut into one /24 per node. */
  public static final String POD_CIDR = "10.244.0.0/16";

  /** The node's uplink, named in the kubelet's masquerade rule. */
  public static final String UPLINK = "eth0";

  /** Addresses usable for pods: 256 node subnets, hosts .2 to .254 (.1 is the node's bridge). */
  public static final int POD_CAPACITY = 256 * 253;

  /** Cluster IPs available in the service CIDR, less the network address and .1 (kubernetes). */
  public static final int SERVICE_CAPACITY = (1 << 20) - 3;

  /** 10,000 services of 3 endpoints, seed 1: the benchmark's table (152,021 lines, about 17 MB). */
  public static ClusterShape largeCluster() {
    return new ClusterShape(10_000, 3, 1L);
  }

  public ClusterShape {
    if (services < 1 || services > SERVICE_CAPACITY) {
      throw new IllegalArgumentException(
          "services must be between 1 and " + SERVICE_CAPACITY + ", got " + services);
    }
    if (endpointsPerService < 1) {
      throw new IllegalArgumentException(
          "endpoints per service must be at least 1, got " + endpointsPerService);
    }
    if ((long) services * endpointsPerService > POD_CAPACITY) {
      throw new IllegalArgumentException(
          "services x endpoints must be at most "
              + POD_CAPACITY
              + " (distinct pod addresses in "
              + POD_CIDR
              + "), got "
              + (long) services * endpointsPerService);
    }
  }
}
