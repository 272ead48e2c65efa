package io.peerfix.config;

import io.peerfix.net.Cidr;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code cluster:} section: the cluster's VPC (where its nodes live; without it no AWS view is
 * read), its pod range where the nodes do not say ({@code spec.podCIDR} unset, e.g. the AWS VPC
 * CNI), the namespace of peerfix's agents' facts and probe pods (default {@code peerfix}), the
 * probe pods' image (default {@code peerfix}) and a label selector for the nodes to diagnose
 * (default: all).
 */
public record ClusterConfig(
    Optional<String> vpcId,
    Optional<Cidr> podCidr,
    String namespace,
    String probeImage,
    Optional<String> nodeSelector) {
  static final Pattern VPC_ID = Pattern.compile("vpc-[0-9a-z]{1,17}");
  static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  static ClusterConfig read(ConfigMap root) {
    Optional<ConfigMap> section = root.optionalMap("cluster");
    if (section.isEmpty()) {
      return new ClusterConfig(
          Optional.empty(), Optional.empty(), "peerfix", "peerfix", Optional.empty());
    }
    ConfigMap c = section.get();
    return new ClusterConfig(
        c.optional("vpcId", text -> matching(text, VPC_ID, "a VPC id such as vpc-0a1b2c3d")),
        c.optionalCidr("podCidr"),
        c.optional(
                "namespace",
                text -> matching(text, NAMESPACE, "a Kubernetes namespace name (e.g. peerfix)"))
            .orElse("peerfix"),
        c.string("probeImage", "peerfix"),
        c.optionalString("nodeSelector"));
  }

  private static String matching(String text, Pattern pattern, String expected) {
    if (!pattern.matcher(text).matches()) {
      throw new IllegalArgumentException("expected " + expected + ", got '" + text + "'");
    }
    return text;
  }
}
