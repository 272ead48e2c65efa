package io.peerfix.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeFixTest {
  private static final NatRule RULE = NatRule.masquerade(Cidr.parse("10.0.5.20/32"), "eth0");
  private static final List<FixNodeGroup> GROUPS =
      List.of(
          new FixNodeGroup("fp-b", List.of("node-3", "node-1")),
          new FixNodeGroup("fp-a", List.of("node-2")));

  private static NodeFix seed() {
    return NodeFix.of("rds-prod", "dg-1", List.of(RULE), GROUPS);
  }

  @Test
  void theDigestIsTheSha256OfTheCanonicalText() {
    NodeFix fix = seed();
    assertThat(fix.canonicalText())
        .isEqualTo(
            "peerfix-node-fix v1\n"
                + "target rds-prod\n"
                + "diagnosis dg-1\n"
                + "rule -d 10.0.5.20/32 -o eth0 -j MASQUERADE\n"
                + "group fp-a node-2\n"
                + "group fp-b node-1 node-3\n");
    // sha256 of the text above, computed independently with sha256sum
    assertThat(fix.digest())
        .isEqualTo("sha256:bf3931f0b80b0a31e92be9eb38a8f8db5896ad2bfeae95e6a7a3d8af82d44dfc")
        .matches("sha256:[0-9a-f]{64}");
    assertThat(fix.shortDigest()).isEqualTo(fix.digest().substring(7, 19));
  }

  @Test
  void theDigestIsStable() {
    assertThat(seed().digest()).isEqualTo(seed().digest());
    assertThat(seed()).isEqualTo(seed());
  }

  @Test
  void nodeAndGroupOrderDoNotChangeTheDigest() {
    NodeFix reordered =
        NodeFix.of(
            "rds-prod",
            "dg-1",
            List.of(RULE),
            List.of(
                new FixNodeGroup("fp-a", List.of("node-2")),
                new FixNodeGroup("fp-b", List.of("node-1", "node-3"))));
    assertThat(reordered.digest()).isEqualTo(seed().digest());
    assertThat(reordered.nodes()).containsExactly("node-1", "node-2", "node-3");
    assertThat(reordered.groups())
        .extracting(FixNodeGroup::fingerprint)
        .containsExactly("fp-a", "fp-b");
  }

  @Test
  void everyFieldChangesTheDigest() {
    NatRule other = NatRule.masquerade(Cidr.parse("10.0.0.0/16"), "eth0");
    List<NodeFix> variants =
        List.of(
            seed(),
            NodeFix.of("rds-other", "dg-1", List.of(RULE), GROUPS),
            NodeFix.of("rds-prod", "dg-2", List.of(RULE), GROUPS),
            NodeFix.of("rds-prod", "dg-1", List.of(other), GROUPS),
            NodeFix.of(
                "rds-prod",
                "dg-1",
                List.of(NatRule.masquerade(Cidr.parse("10.0.5.21/32"), "eth0")),
                GROUPS),
            NodeFix.of(
                "rds-prod",
                "dg-1",
                List.of(NatRule.masquerade(Cidr.parse("10.0.5.20/32"), "ens5")),
                GROUPS),
            NodeFix.of(
                "rds-prod",
                "dg-1",
                List.of(
                    NatRule.snat(Cidr.parse("10.0.5.20/32"), "eth0", Ipv4.parse("172.20.1.10"))),
                GROUPS),
            NodeFix.of(
                "rds-prod",
                "dg-1",
                List.of(
                    NatRule.snat(Cidr.parse("10.0.5.20/32"), "eth0", Ipv4.parse("172.20.1.11"))),
                GROUPS),
            NodeFix.of("rds-prod", "dg-1", List.of(RULE, other), GROUPS),
            NodeFix.of("rds-prod", "dg-1", List.of(other, RULE), GROUPS),
            NodeFix.of(
                "rds-prod",
                "dg-1",
                List.of(RULE),
                List.of(new FixNodeGroup("fp-b", List.of("node-3", "node-1")))),
            NodeFix.of(
                "rds-prod",
                "dg-1",
                List.of(RULE),
                List.of(new FixNodeGroup("fp-b", List.of("node-3", "node-1", "node-2")))),
            NodeFix.of(
                "rds-prod",
                "dg-1",
                List.of(RULE),
                List.of(
                    new FixNodeGroup("fp-c", List.of("node-3", "node-1")),
                    new FixNodeGroup("fp-a", List.of("node-2")))),
            NodeFix.of(
                "rds-prod",
                "dg-1",
                List.of(RULE),
                List.of(
                    new FixNodeGroup("fp-b", List.of("node-3", "node-4")),
                    new FixNodeGroup("fp-a", List.of("node-2")))));
    Set<String> digests = new HashSet<>();
    variants.forEach(v -> digests.add(v.digest()));
    assertThat(digests).hasSize(variants.size());
  }

  @Test
  void aDigestThatDoesNotMatchTheContentIsRefused() {
    NodeFix fix = seed();
    assertThatThrownBy(
            () -> new NodeFix(fix.target(), "dg-2", fix.rules(), fix.groups(), fix.digest()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not match");
    assertThat(
            new NodeFix(fix.target(), fix.diagnosisId(), fix.rules(), fix.groups(), fix.digest()))
        .isEqualTo(fix);
  }

  @Test
  void fieldsThatWouldMakeTheTextAmbiguousAreRefused() {
    assertThatThrownBy(() -> NodeFix.of("rds prod", "dg-1", List.of(RULE), GROUPS))
        .hasMessageContaining("target");
    assertThatThrownBy(() -> NodeFix.of("rds-prod", "dg\n1", List.of(RULE), GROUPS))
        .hasMessageContaining("diagnosis id");
    assertThatThrownBy(() -> new FixNodeGroup("fp a", List.of("n")))
        .hasMessageContaining("fingerprint");
    assertThatThrownBy(() -> new FixNodeGroup("fp", List.of("node 1")))
        .hasMessageContaining("node name");
  }

  @Test
  void aFixHasRulesNodesAndEachNodeOnce() {
    assertThatThrownBy(() -> NodeFix.of("rds-prod", "dg-1", List.of(), GROUPS))
        .hasMessageContaining("rule");
    assertThatThrownBy(() -> NodeFix.of("rds-prod", "dg-1", List.of(RULE), List.of()))
        .hasMessageContaining("node");
    assertThatThrownBy(() -> new FixNodeGroup("fp", List.of())).hasMessageContaining("node");
    assertThatThrownBy(() -> new FixNodeGroup("fp", List.of("a", "a")))
        .hasMessageContaining("once");
    assertThatThrownBy(
            () ->
                NodeFix.of(
                    "rds-prod",
                    "dg-1",
                    List.of(RULE),
                    List.of(
                        new FixNodeGroup("fp-a", List.of("n1")),
                        new FixNodeGroup("fp-b", List.of("n1")))))
        .hasMessageContaining("two node groups");
    assertThatThrownBy(
            () ->
                NodeFix.of(
                    "rds-prod",
                    "dg-1",
                    List.of(RULE),
                    List.of(
                        new FixNodeGroup("fp-a", List.of("n1")),
                        new FixNodeGroup("fp-a", List.of("n2")))))
        .hasMessageContaining("fingerprint");
  }
}
