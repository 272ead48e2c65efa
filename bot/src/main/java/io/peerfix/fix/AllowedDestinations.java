package io.peerfix.fix;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.List;
import java.util.Objects;

/**
 * What a fix's rules may point at, fixed when the fix is proposed from the diagnosis: the target's
 * address, the peer VPC ranges the AWS view knows, and the cluster's own ranges (pod range, service
 * range, cluster VPC), which a fix must never touch. Stored with the fix so every agent can check
 * again before it writes.
 */
public record AllowedDestinations(Ipv4 target, List<Cidr> peerRanges, List<Cidr> clusterRanges) {
  public AllowedDestinations {
    Objects.requireNonNull(target, "target");
    peerRanges = List.copyOf(peerRanges);
    clusterRanges = List.copyOf(clusterRanges);
  }
}
