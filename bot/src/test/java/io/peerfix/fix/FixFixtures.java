package io.peerfix.fix;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The seed incident's fix and the allowed set around it, for the fix tests. */
public final class FixFixtures {
  public static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  public static final NatRule RDS_RULE = NatRule.masquerade(Cidr.parse("10.0.5.20/32"), "eth0");
  public static final AllowedDestinations ALLOWED =
      new AllowedDestinations(
          Ipv4.parse("10.0.5.20"),
          List.of(Cidr.parse("10.0.0.0/16")),
          List.of(Cidr.parse("10.244.0.0/16"), Cidr.parse("172.20.0.0/16")));
  public static final ApprovalPolicy POLICY =
      new ApprovalPolicy(Set.of("U-ALICE"), Set.of("S-NETOPS"), false, Duration.ofMinutes(30));

  private FixFixtures() {}

  public static NodeFix nodeFix(NatRule... rules) {
    return NodeFix.of(
        "rds-prod",
        "diag-1",
        List.of(rules),
        List.of(
            new FixNodeGroup("fp-a", List.of("node-1", "node-2")),
            new FixNodeGroup("fp-b", List.of("node-3"))));
  }

  public static FixRecord proposal() {
    return Approvals.propose(
            nodeFix(RDS_RULE), NodeSelector.all(), ALLOWED, Actor.user("U-BOB"), T0, POLICY)
        .record();
  }

  /** Every node of {@code fix} reports it applied in {@code store}, as their agents would. */
  public static void appliedOnEveryNode(FixStore store, FixRecord fix) {
    for (String node : fix.fix().nodes()) {
      store.putNodeStatus(
          new NodeStatus(
              fix.name(),
              node,
              NodeFixState.APPLIED,
              fix.digest(),
              Optional.empty(),
              "",
              "",
              0,
              Instant.now()));
    }
  }
}
