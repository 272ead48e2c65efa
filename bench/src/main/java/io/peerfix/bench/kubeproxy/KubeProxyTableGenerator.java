package io.peerfix.bench.kubeproxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Writes the nat table of a node of a synthetic cluster as {@code iptables-save} prints it when
 * kube-proxy runs in iptables mode: built-in chains, then kube-proxy's chains in name order (as
 * libiptc keeps them), each chain's rules together, rule arguments in the order kube-proxy writes
 * them, and kubelet's masquerade rule for traffic leaving the cluster network.
 *
 * <p>The same {@link ClusterShape} always gives the same text. The output is accepted by {@code
 * iptables-restore --test}.
 */
public final class KubeProxyTableGenerator {
  static final String MARK_MASQ = "KUBE-MARK-MASQ";
  static final String NODEPORTS = "KUBE-NODEPORTS";
  static final String POSTROUTING = "KUBE-POSTROUTING";
  static final String SERVICES = "KUBE-SERVICES";
  private static final String[] BUILT_IN = {"PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"};
  // About 115 bytes per line: sizing the builder once avoids copying 17 MB several times.
  private static final int BYTES_PER_SERVICE_GUESS = 1_750;

  private final ClusterShape shape;
  private final List<ServicePort> services;

  public KubeProxyTableGenerator(ClusterShape shape) {
    this.shape = shape;
    this.services = SyntheticCluster.services(shape);
  }

  /** The services the table was generated from, e.g. to pick a cluster IP to test with. */
  public List<ServicePort> services() {
    return services;
  }

  /** The whole {@code *nat} table, from the header comment to {@code COMMIT}. */
  public String generate() {
    TreeMap<String, List<String>> chains = new TreeMap<>();
    addFixedRules(chains);
    for (ServicePort service : services) {
      addService(chains, service);
    }
    // kube-proxy keeps the NodePort dispatch last in KUBE-SERVICES.
    rule(
        chains,
        SERVICES,
        "-m comment --comment \"kubernetes service nodeports; NOTE: this must be the last rule in"
            + " this chain\" -m addrtype --dst-type LOCAL -j "
            + NODEPORTS);
    return render(chains);
  }

  private void addFixedRules(TreeMap<String, List<String>> chains) {
    rule(
        chains, "PREROUTING", "-m comment --comment \"kubernetes service portals\" -j " + SERVICES);
    rule(chains, "OUTPUT", "-m comment --comment \"kubernetes service portals\" -j " + SERVICES);
    rule(
        chains,
        "POSTROUTING",
        "-m comment --comment \"kubernetes postrouting rules\" -j " + POSTROUTING);
    // kubelet (kubenet): masquerade what leaves the node for outside the cluster's 10.0.0.0/8.
    rule(chains, "POSTROUTING", "! -d 10.0.0.0/8 -o " + ClusterShape.UPLINK + " -j MASQUERADE");
    rule(chains, MARK_MASQ, "-j MARK --or-mark 0x4000");
    chains.computeIfAbsent(NODEPORTS, k -> new ArrayList<>());
    rule(chains, POSTROUTING, "-m mark ! --mark 0x4000/0x4000 -j RETURN");
    rule(chains, POSTROUTING, "-j MARK --xor-mark 0x4000");
    rule(
        chains,
        POSTROUTING,
        "-m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE"
            + " --random-fully");
  }

  private void addService(TreeMap<String, List<String>> chains, ServicePort service) {
    String spn = service.servicePortName();
    String svc = service.serviceChain();
    String clusterIpMatch =
        "-m comment --comment \""
            + spn
            + " cluster IP\" -m tcp -p tcp -d "
            + service.clusterIp()
            + "/32 --dport "
            + service.port();
    rule(chains, SERVICES, clusterIpMatch + " -j " + svc);
    rule(chains, svc, clusterIpMatch + " ! -s " + ClusterShape.POD_CIDR + " -j " + MARK_MASQ);
    int count = service.endpoints().size();
    for (int i = 0; i < count; i++) {
      String sep = service.endpointChain(i);
      String toEndpoint =
          "-m comment --comment \"" + spn + " -> " + service.endpointAddress(i) + "\"";
      String pick =
          i < count - 1
              ? " -m statistic --mode random --probability " + probability(count - i)
              : "";
      rule(chains, svc, toEndpoint + pick + " -j " + sep);
      String comment = "-m comment --comment " + spn;
      rule(chains, sep, comment + " -s " + service.endpoints().get(i) + "/32 -j " + MARK_MASQ);
      rule(
          chains,
          sep,
          comment + " -m tcp -p tcp -j DNAT --to-destination " + service.endpointAddress(i));
    }
    if (service.hasNodePort()) {
      addNodePort(chains, service);
    }
  }

  private void addNodePort(TreeMap<String, List<String>> chains, ServicePort service) {
    String spn = service.servicePortName();
    String ext = service.externalChain();
    rule(
        chains,
        NODEPORTS,
        "-m comment --comment "
            + spn
            + " -m tcp -p tcp --dport "
            + service.nodePort()
            + " -j "
            + ext);
    rule(
        chains,
        ext,
        "-m comment --comment \"masquerade traffic for "
            + spn
            + " external destinations\" -j "
            + MARK_MASQ);
    rule(chains, ext, "-j " + service.serviceChain());
  }

  // kube-proxy prints 1/n with ten decimals ("%0.10f").
  private static String probability(int remaining) {
    return String.format(Locale.ROOT, "%.10f", 1.0 / remaining);
  }

  private static void rule(TreeMap<String, List<String>> chains, String chain, String args) {
    chains.computeIfAbsent(chain, k -> new ArrayList<>()).add("-A " + chain + " " + args);
  }

  private String render(TreeMap<String, List<String>> chains) {
    StringBuilder out = new StringBuilder(services.size() * BYTES_PER_SERVICE_GUESS + 4096);
    out.append("# Generated by peerfix KubeProxyTableGenerator: ")
        .append(shape.services())
        .append(" services x ")
        .append(shape.endpointsPerService())
        .append(" endpoints, seed ")
        .append(shape.seed())
        .append('\n');
    out.append("*nat\n");
    for (String chain : BUILT_IN) {
      out.append(':').append(chain).append(" ACCEPT [0:0]\n");
    }
    for (String chain : chains.keySet()) {
      if (!isBuiltIn(chain)) {
        out.append(':').append(chain).append(" - [0:0]\n");
      }
    }
    for (String chain : BUILT_IN) {
      appendRules(out, chains.get(chain));
    }
    chains.forEach((chain, rules) -> appendRules(out, isBuiltIn(chain) ? null : rules));
    out.append("COMMIT\n# Completed\n");
    return out.toString();
  }

  private static void appendRules(StringBuilder out, List<String> rules) {
    if (rules != null) {
      rules.forEach(r -> out.append(r).append('\n'));
    }
  }

  private static boolean isBuiltIn(String chain) {
    for (String b : BUILT_IN) {
      if (b.equals(chain)) {
        return true;
      }
    }
    return false;
  }
}
