package io.peerfix.diagnosis;

import io.peerfix.facts.Cni;
import io.peerfix.facts.CniDetection;
import io.peerfix.facts.NodeFacts;
import io.peerfix.net.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lasting fix for the network plugin found on the affected nodes, so they masquerade traffic to
 * the peer VPC on their own: a snippet built from the observed pod range, VPC ranges and rules.
 */
final class CniFixes {
  private static final Pattern AWS_EXCLUSION =
      Pattern.compile("-A AWS-SNAT-CHAIN-0 .*-d (\\S+) .*AWS SNAT CHAIN EXCLUSION");

  private final DiagnosisContext ctx;
  private final List<NodeAnalysis> nodes;

  CniFixes(DiagnosisContext ctx, List<NodeAnalysis> nodes) {
    this.ctx = ctx;
    this.nodes = nodes;
  }

  Optional<CniFix> lasting() {
    String pods = ctx.clusterPodRange().map(Cidr::toString).orElse("<pod range>");
    return switch (cni()) {
      case IP_MASQ_AGENT -> Optional.of(ipMasqAgent(pods));
      case AWS_VPC_CNI -> Optional.of(awsVpcCni());
      case CALICO -> Optional.of(calico(pods));
      case CILIUM -> Optional.of(cilium(pods));
      case KUBENET -> Optional.of(kubelet(pods));
      case FLANNEL -> Optional.of(flannel());
      case DOCKER, UNKNOWN -> Optional.empty();
    };
  }

  /** The plugin on most affected nodes, from the facts or told from the nat table. */
  Cni cni() {
    return nodes.stream()
        .map(NodeAnalysis::observation)
        .map(NodeObservation::facts)
        .filter(f -> f != null)
        .map(f -> f.cni() != null ? f.cni() : CniDetection.detect(f.natTable()))
        .filter(c -> c != Cni.UNKNOWN)
        .findFirst()
        .orElse(Cni.UNKNOWN);
  }

  private CniFix ipMasqAgent(String pods) {
    List<String> keep = new ArrayList<>(List.of(pods));
    ctx.clusterCidrs().stream()
        .filter(c -> !overlapsPeer(c))
        .map(Cidr::toString)
        .forEach(keep::add);
    StringBuilder yaml =
        new StringBuilder()
            .append("apiVersion: v1\n")
            .append("kind: ConfigMap\n")
            .append("metadata:\n")
            .append("  name: ip-masq-agent\n")
            .append("  namespace: kube-system\n")
            .append("data:\n")
            .append("  config: |\n")
            .append("    nonMasqueradeCIDRs:\n");
    keep.forEach(c -> yaml.append("      - ").append(c).append('\n'));
    yaml.append("    masqLinkLocal: false\n").append("    resyncInterval: 60s\n");
    return new CniFix(
        Cni.IP_MASQ_AGENT,
        "lasting fix: list only the pod range and the cluster's own VPC in ip-masq-agent's"
            + " nonMasqueradeCIDRs (its default 10/8, 172.16/12, 192.168/16 covers "
            + peerText()
            + "); apply with kubectl apply -f",
        yaml.toString(),
        List.of());
  }

  private CniFix awsVpcCni() {
    List<Cidr> exclusions = awsExclusions();
    List<Cidr> remaining = exclusions.stream().filter(c -> !overlapsPeer(c)).toList();
    List<String> command =
        new ArrayList<>(
            List.of(
                "kubectl",
                "-n",
                "kube-system",
                "set",
                "env",
                "daemonset/aws-node",
                "AWS_VPC_K8S_CNI_EXTERNALSNAT=false"));
    command.add(
        remaining.isEmpty()
            ? "AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS-"
            : "AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS="
                + String.join(",", remaining.stream().map(Cidr::toString).toList()));
    String excluded =
        exclusions.isEmpty() ? "" : " (the nodes exclude " + Texts.list(exclusions) + " from SNAT)";
    return new CniFix(
        Cni.AWS_VPC_CNI,
        "lasting fix: let the AWS VPC CNI SNAT pod traffic to "
            + peerText()
            + excluded
            + ": keep AWS_VPC_K8S_CNI_EXTERNALSNAT=false and drop the peer range from"
            + " AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS",
        String.join(" ", command),
        command);
  }

  private CniFix calico(String pods) {
    String yaml =
        "apiVersion: projectcalico.org/v3\n"
            + "kind: IPPool\n"
            + "metadata:\n"
            + "  name: default-ipv4-ippool  # the pool whose cidr is "
            + pods
            + "\n"
            + "spec:\n"
            + "  cidr: "
            + pods
            + "\n"
            + "  natOutgoing: true\n";
    return new CniFix(
        Cni.CALICO,
        "lasting fix: turn on natOutgoing for the Calico IP pool holding the pods, so traffic to "
            + peerText()
            + " is masqueraded; apply with calicoctl apply -f",
        yaml,
        List.of());
  }

  private CniFix cilium(String pods) {
    List<String> command =
        List.of(
            "kubectl",
            "-n",
            "kube-system",
            "patch",
            "configmap",
            "cilium-config",
            "--type",
            "merge",
            "-p",
            "{\"data\":{\"ipv4-native-routing-cidr\":\"" + pods + "\"}}");
    String apply =
        "kubectl -n kube-system patch configmap cilium-config --type merge -p '"
            + command.get(9)
            + "'\nkubectl -n kube-system rollout restart daemonset/cilium";
    return new CniFix(
        Cni.CILIUM,
        "lasting fix: narrow Cilium's ipv4-native-routing-cidr to the pod range "
            + pods
            + " so traffic to "
            + peerText()
            + " is masqueraded, then restart the agents",
        apply,
        command);
  }

  private CniFix kubelet(String pods) {
    return new CniFix(
        Cni.KUBENET,
        "lasting fix: start every kubelet with --non-masquerade-cidr set to the pod range (the"
            + " range it has now, 10.0.0.0/8 by default, leaves "
            + peerText()
            + " unmasqueraded), e.g. in KUBELET_EXTRA_ARGS, then restart the kubelets; or run"
            + " ip-masq-agent",
        "--non-masquerade-cidr=" + pods,
        List.of());
  }

  private CniFix flannel() {
    return new CniFix(
        Cni.FLANNEL,
        "lasting fix: run flanneld with --ip-masq so it masquerades pod traffic leaving the pod"
            + " network (to "
            + peerText()
            + ")",
        "kubectl -n kube-flannel edit daemonset/kube-flannel-ds  # add --ip-masq to flanneld's"
            + " args",
        List.of());
  }

  /** The ranges the nodes' AWS-SNAT chains exclude (text that is no CIDR is left out). */
  private List<Cidr> awsExclusions() {
    List<Cidr> found = new ArrayList<>();
    for (NodeAnalysis n : nodes) {
      NodeFacts facts = n.observation().facts();
      if (facts == null || facts.natTable() == null) {
        continue;
      }
      Matcher m = AWS_EXCLUSION.matcher(facts.natTable());
      while (m.find()) {
        Cidr.tryParse(m.group(1)).filter(c -> !found.contains(c)).ifPresent(found::add);
      }
    }
    return found;
  }

  private boolean overlapsPeer(Cidr cidr) {
    if (ctx.destination() != null && cidr.contains(ctx.destination())) {
      return true;
    }
    return ctx.peerCidrs().stream().anyMatch(p -> p.overlaps(cidr));
  }

  private String peerText() {
    if (!ctx.peerCidrs().isEmpty()) {
      return ctx.peerVpcId() + " (" + Texts.list(ctx.peerCidrs()) + ")";
    }
    return ctx.destination() == null ? "the database" : ctx.destination().toString();
  }
}
