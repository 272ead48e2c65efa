package io.peerfix.facts;

/** The network plugin whose rules decide a node's pod masquerading, told from the rules' shapes. */
public enum Cni {
  KUBENET("kubelet/kubenet"),
  IP_MASQ_AGENT("ip-masq-agent"),
  AWS_VPC_CNI("AWS VPC CNI"),
  CALICO("Calico"),
  CILIUM("Cilium"),
  FLANNEL("flannel"),
  DOCKER("Docker"),
  UNKNOWN("unknown");

  private final String displayName;

  Cni(String displayName) {
    this.displayName = displayName;
  }

  public String displayName() {
    return displayName;
  }
}
