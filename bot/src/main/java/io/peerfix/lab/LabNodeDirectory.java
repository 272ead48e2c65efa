package io.peerfix.lab;

import io.peerfix.facts.NodeDirectory;
import io.peerfix.facts.NodeInfo;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lab's nodes as the Kubernetes API would list them: EC2-style names ({@code ip-172-20-1-10}),
 * the node's VPC address, its pod range, and labels that tie each node to its lab member (so lab
 * probes know which namespaces to run in).
 */
public final class LabNodeDirectory implements NodeDirectory {
  /** Label naming the lab member of a node, e.g. {@code node1}. */
  public static final String MEMBER_LABEL = "lab.peerfix.io/member";

  /** Label naming the lab a node belongs to. */
  public static final String LAB_LABEL = "lab.peerfix.io/name";

  private final String lab;
  private final AddressPlan plan;

  public LabNodeDirectory(String lab, Scenario scenario, int nodes) {
    this.lab = lab;
    this.plan = new AddressPlan(scenario, nodes);
  }

  @Override
  public List<NodeInfo> nodes() {
    List<NodeInfo> out = new ArrayList<>();
    for (int i = 1; i <= plan.nodes(); i++) {
      String name = "ip-" + plan.nodeIp(i).replace('.', '-');
      out.add(
          new NodeInfo(
              name,
              List.of(Ipv4.parse(plan.nodeIp(i))),
              Cidr.parse(plan.podCidr(i)),
              Map.of("kubernetes.io/hostname", name, MEMBER_LABEL, "node" + i, LAB_LABEL, lab)));
    }
    return out;
  }
}
