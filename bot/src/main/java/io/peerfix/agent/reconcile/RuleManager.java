package io.peerfix.agent.reconcile;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which component wrote a nat rule, told from its chain and its comment the way each manager marks
 * its rules: peerfix {@code peerfix:}, Calico Felix {@code cali:} comments and {@code cali-}
 * chains, kube-proxy and kubelet {@code KUBE-} chains, ip-masq-agent its {@code IP-MASQ-AGENT}
 * chain and comment, the AWS VPC CNI {@code AWS-SNAT-CHAIN-*} and its "AWS SNAT CHAIN" comments,
 * Cilium {@code CILIUM_} chains, flannel {@code FLANNEL-} chains.
 */
public enum RuleManager {
  PEERFIX("peerfix"),
  CALICO_FELIX("Calico Felix"),
  KUBE_PROXY("kube-proxy or kubelet"),
  IP_MASQ_AGENT("ip-masq-agent"),
  AWS_VPC_CNI("AWS VPC CNI"),
  CILIUM("Cilium"),
  FLANNEL("flannel"),
  UNKNOWN("an unknown manager (the rule carries no owner's mark)");

  private static final Pattern COMMENT =
      Pattern.compile("--comment (\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)");

  private final String displayName;

  RuleManager(String displayName) {
    this.displayName = displayName;
  }

  public String displayName() {
    return displayName;
  }

  /** The manager of the rule {@code line} ({@code -A CHAIN ...}) in {@code chain}. */
  public static RuleManager of(String chain, String line) {
    String comment = comment(line).orElse("").toLowerCase(Locale.ROOT);
    if (comment.startsWith("peerfix:") || chain.startsWith("PEERFIX-")) {
      return PEERFIX;
    }
    if (comment.startsWith("cali:") || chain.startsWith("cali-")) {
      return CALICO_FELIX;
    }
    if (chain.equals("IP-MASQ-AGENT") || comment.startsWith("ip-masq-agent")) {
      return IP_MASQ_AGENT;
    }
    if (chain.startsWith("AWS-SNAT-CHAIN") || comment.startsWith("aws")) {
      return AWS_VPC_CNI;
    }
    if (chain.startsWith("KUBE-") || comment.startsWith("kubernetes")) {
      return KUBE_PROXY;
    }
    if (chain.startsWith("CILIUM_") || comment.startsWith("cilium")) {
      return CILIUM;
    }
    if (chain.startsWith("FLANNEL") || comment.startsWith("flanneld")) {
      return FLANNEL;
    }
    return UNKNOWN;
  }

  /** The comment of a rule line, unquoted, if it has one. */
  static Optional<String> comment(String line) {
    Matcher m = COMMENT.matcher(line);
    if (!m.find()) {
      return Optional.empty();
    }
    String text = m.group(1);
    if (text.startsWith("\"") && text.endsWith("\"") && text.length() >= 2) {
      text = text.substring(1, text.length() - 1).replace("\\\"", "\"");
    }
    return Optional.of(text);
  }
}
