package io.peerfix.config;

import io.peerfix.net.Cidr;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code cluster:} section: the cluster's VPC (where its nodes live; without it no AWS view is
 * read), its pod range where the nodes do not say ({@code spec.podCIDR} unset, e.g. the AWS VPC
 * CNI), the namespace the bot creates probe pods in ({@code probeNamespace}, default {@code
 * peerfix-probes}, labelled to enforce the restricted Pod Security Standard), the namespace of the
 * agents, where their facts and the fixes live ({@code agentNamespace}, default {@code
 * peerfix-agent}), the probe pods' image (default {@code peerfix}) and a label selector for the
 * nodes to diagnose (default: all). The two namespaces are those of the shipped manifests.
 */
public record ClusterConfig(
    Optional<String> vpcId,
    Optional<Cidr> podCidr,
    String probeNamespace,
    String agentNamespace,
    String probeImage,
    Optional<String> nodeSelector) {
  static final Pattern VPC_ID = Pattern.compile("vpc-[0-9a-z]{1,17}");
  static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  static final String PROBE_NAMESPACE = "peerfix-probes";
  static final String AGENT_NAMESPACE = "peerfix-agent";

  static ClusterConfig read(ConfigMap root) {
    Optional<ConfigMap> section = root.optionalMap("cluster");
    if (section.isEmpty()) {
      return new ClusterConfig(
          Optional.empty(),
          Optional.empty(),
          PROBE_NAMESPACE,
          AGENT_NAMESPACE,
          "peerfix",
          Optional.empty());
    }
    ConfigMap c = section.get();
    return new ClusterConfig(
        c.optional("vpcId", text -> matching(text, VPC_ID, "a VPC id such as vpc-0a1b2c3d")),
        c.optionalCidr("podCidr"),
        namespace(c, "probeNamespace", PROBE_NAMESPACE),
        namespace(c, "agentNamespace", AGENT_NAMESPACE),
        c.string("probeImage", "peerfix"),
        c.optionalString("nodeSelector"));
  }

  private static String namespace(ConfigMap c, String key, String otherwise) {
    return c.optional(
            key,
            text ->
                matching(text, NAMESPACE, "a Kubernetes namespace name (e.g. " + otherwise + ")"))
        .orElse(otherwise);
  }

  private static String matching(String text, Pattern pattern, String expected) {
    if (!pattern.matcher(text).matches()) {
      throw new IllegalArgumentException("expected " + expected + ", got '" + text + "'");
    }
    return text;
  }
}
