package io.peerfix.facts;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells which network plugin wrote a node's pod masquerading from the shapes of its nat table (as
 * {@code iptables-save -t nat} prints it).
 *
 * <p>Each plugin leaves a mark: ip-masq-agent its {@code IP-MASQ-AGENT} chain, the AWS VPC CNI
 * {@code AWS-SNAT-CHAIN-0}, Calico chains named {@code cali-...}, Cilium {@code CILIUM_...},
 * flannel {@code FLANNEL-POSTRTG}, kubelet/kubenet its hard-coded {@code ! -d 10.0.0.0/8 ... -j
 * MASQUERADE} rule; a table with only Docker's {@code DOCKER} chain is plain Docker. The first mark
 * found in that order wins, because ip-masq-agent and the CNIs decide before anything they leave
 * behind; no mark at all is {@link Cni#UNKNOWN}.
 */
public final class CniDetection {
  private static final Pattern CHAIN_DECLARATION = Pattern.compile("(?m)^:(\\S+)");
  private static final Pattern CHAIN_USE = Pattern.compile("(?:^-[AI]|\\s-[jg])\\s+(\\S+)");
  private static final Pattern KUBELET_RULE =
      Pattern.compile("(?m)^-A POSTROUTING\\b.*!\\s+-d\\s+10\\.0\\.0\\.0/8\\b.*-j MASQUERADE\\b");

  private CniDetection() {}

  public static Cni detect(String natTable) {
    String text = natTable == null ? "" : natTable;
    Set<String> chains = chains(text);
    if (chains.contains("IP-MASQ-AGENT")) {
      return Cni.IP_MASQ_AGENT;
    }
    if (chains.contains("AWS-SNAT-CHAIN-0")) {
      return Cni.AWS_VPC_CNI;
    }
    if (chains.stream().anyMatch(c -> c.startsWith("cali-"))) {
      return Cni.CALICO;
    }
    if (chains.stream().anyMatch(c -> c.startsWith("CILIUM_"))) {
      return Cni.CILIUM;
    }
    if (chains.contains("FLANNEL-POSTRTG")) {
      return Cni.FLANNEL;
    }
    if (KUBELET_RULE.matcher(text).find()) {
      return Cni.KUBENET;
    }
    if (chains.contains("DOCKER")) {
      return Cni.DOCKER;
    }
    return Cni.UNKNOWN;
  }

  /** Every chain the table declares, appends to or jumps to. */
  private static Set<String> chains(String text) {
    Set<String> chains = new LinkedHashSet<>();
    Matcher declared = CHAIN_DECLARATION.matcher(text);
    while (declared.find()) {
      chains.add(declared.group(1));
    }
    for (String line : text.split("\n")) {
      Matcher used = CHAIN_USE.matcher(line);
      while (used.find()) {
        chains.add(used.group(1));
      }
    }
    return chains;
  }
}
