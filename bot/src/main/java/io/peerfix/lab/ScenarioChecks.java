package io.peerfix.lab;

import static io.peerfix.lab.ScenarioValues.contains;
import static io.peerfix.lab.ScenarioValues.prefix;

import io.peerfix.common.UserInputException;

/**
 * The scenario checks that look at more than one field: the node count against the pod range, the
 * nat rules' line form, and every lab address sitting where the topology will put it.
 */
final class ScenarioChecks {
  private ScenarioChecks() {}

  /** Cross-field checks: every lab address must sit where the topology will put it. */
  static void checkAddressPlan(YamlObject root, Scenario s) {
    new AddressPlanCheck(s, root::error).check();
    String clusterCidr = s.cluster().vpc().cidrs().get(0);
    AddressPlan plan = new AddressPlan(s, s.cluster().nodes());
    for (int i = 1; i <= s.cluster().nodes(); i++) {
      String ip = plan.nodeIp(i);
      if (!contains(clusterCidr, ip)) {
        throw root.error(
            "cluster.firstNodeIp",
            "node "
                + i
                + " ("
                + ip
                + ") falls outside "
                + clusterCidr
                + "; set cluster.firstNodeIp"
                + " to a host of "
                + clusterCidr);
      }
      if (ip.equals(plan.routerClusterIp()) || ip.equals(s.dns().serverIp())) {
        throw root.error(
            "cluster.firstNodeIp",
            "node " + i + " (" + ip + ") collides with the router or the DNS server");
      }
    }
  }

  /** Checks a node count (from the file or {@code --nodes}) against the pod range. */
  static void checkNodeCount(YamlObject o, String key, int nodes, String podCidr) {
    String problem = nodeCountProblem(nodes, podCidr);
    if (problem != null) {
      throw o.error(key, problem);
    }
  }

  /** Why {@code nodes} cannot be built from {@code podCidr}, or null when it can. */
  static String nodeCountProblem(int nodes, String podCidr) {
    long slash24s = 1L << (24 - prefix(podCidr));
    if (nodes < 1 || nodes > ScenarioLoader.MAX_NODES) {
      return "node count must be 1.." + ScenarioLoader.MAX_NODES + ", got " + nodes;
    }
    if (nodes > slash24s - 1) {
      return "pod range " + podCidr + " holds only " + (slash24s - 1) + " node /24s";
    }
    return null;
  }

  static void checkNatRules(YamlObject o, String rules, NatRulesLocation where) {
    String[] lines = rules.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      if (!(l.startsWith("-A ")
          || l.startsWith("-I ")
          || l.startsWith("-N ")
          || l.startsWith(":"))) {
        throw new UserInputException(
            o.source()
                + ": "
                + where.describe(i)
                + ": each line is an iptables-save nat line (-A, -I, -N or :CHAIN), got '"
                + l
                + "'");
      }
    }
  }
}
