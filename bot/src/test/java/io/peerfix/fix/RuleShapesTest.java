package io.peerfix.fix;

import static io.peerfix.fix.FixFixtures.ALLOWED;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleShapesTest {
  private static final NodeView NODE =
      new NodeView("node-1", Set.of("eth0", "cbr0", "lo"), Set.of(Ipv4.parse("172.20.1.10")));

  private static Optional<RefusalReason> reason(NatRule rule) {
    return RuleShapes.check(rule, ALLOWED, NODE).map(Refusal::reason);
  }

  private static NatRule masq(String cidr, String iface) {
    return NatRule.masquerade(Cidr.parse(cidr), iface);
  }

  @Test
  void theTargetsAddressAndPeerRangesAreAllowed() {
    assertThat(reason(masq("10.0.5.20/32", "eth0"))).isEmpty();
    assertThat(reason(masq("10.0.0.0/16", "eth0"))).isEmpty();
    assertThat(reason(masq("10.0.5.0/24", "eth0"))).isEmpty();
    assertThat(reason(NatRule.snat(Cidr.parse("10.0.5.20/32"), "eth0", Ipv4.parse("172.20.1.10"))))
        .isEmpty();
  }

  @Test
  void everythingElseIsRefusedWithItsReason() {
    assertThat(reason(masq("0.0.0.0/0", "eth0"))).contains(RefusalReason.DESTINATION_EVERYWHERE);
    assertThat(reason(masq("10.244.3.0/24", "eth0")))
        .contains(RefusalReason.DESTINATION_IN_CLUSTER);
    assertThat(reason(masq("10.0.0.0/8", "eth0"))).contains(RefusalReason.DESTINATION_IN_CLUSTER);
    assertThat(reason(masq("192.168.1.0/24", "eth0")))
        .contains(RefusalReason.DESTINATION_NOT_ALLOWED);
    assertThat(reason(masq("10.0.5.20/32", "eth9"))).contains(RefusalReason.NO_SUCH_INTERFACE);
    assertThat(reason(NatRule.snat(Cidr.parse("10.0.5.20/32"), "eth0", Ipv4.parse("8.8.8.8"))))
        .contains(RefusalReason.SNAT_NOT_NODE_ADDRESS);
  }

  @Test
  void theRefusalNamesTheRuleAndWhatIsAllowed() {
    Refusal refusal = RuleShapes.check(masq("192.168.1.0/24", "eth0"), ALLOWED).orElseThrow();
    assertThat(refusal.detail()).contains("192.168.1.0/24").contains("10.0.5.20/32");
  }

  @Test
  void aProposalWithAForbiddenRuleIsRefused() {
    Decision d =
        Approvals.propose(
            FixFixtures.nodeFix(masq("0.0.0.0/0", "eth0")),
            NodeSelector.all(),
            ALLOWED,
            Actor.user("U-BOB"),
            FixFixtures.T0,
            FixFixtures.POLICY);
    assertThat(d.result()).isEqualTo(Decision.Result.REFUSED);
    assertThat(d.refusal().get().reason()).isEqualTo(RefusalReason.DESTINATION_EVERYWHERE);
  }
}
