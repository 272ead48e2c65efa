package io.peerfix.orchestration;

import io.peerfix.facts.NodeDirectory;
import io.peerfix.facts.NodeFactsReader;
import io.peerfix.facts.PodProber;
import io.peerfix.vpc.AwsNetworkReader;
import java.util.Objects;

/**
 * The four ports a diagnosis collects through: the nodes, their agents' facts (with host-network
 * probes), probes from pods, and the AWS view. The lab and the cluster each supply one set.
 */
public record DiagnosisPorts(
    NodeDirectory nodes, NodeFactsReader facts, PodProber pods, AwsNetworkReader aws) {
  public DiagnosisPorts {
    Objects.requireNonNull(nodes, "nodes");
    Objects.requireNonNull(facts, "facts");
    Objects.requireNonNull(pods, "pods");
    Objects.requireNonNull(aws, "aws");
  }
}
