package io.peerfix.nat;

import static io.peerfix.nat.NatFixtures.evaluate;
import static io.peerfix.nat.NatFixtures.rules;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each match decides as the kernel would for the first packet of a pod's connection. */
class MatchesTest {
  private static final String MASQ = " -j MASQUERADE";

  private static NatAction action(String match) {
    return evaluate(rules("-A POSTROUTING " + match + MASQ)).action();
  }

  private static NatAction action(String match, Packet packet) {
    return evaluate(rules("-A POSTROUTING " + match + MASQ), packet).action();
  }

  @Test
  void sourceAndDestinationMatchWithNegation() {
    assertThat(action("-s 10.244.0.0/16")).isEqualTo(NatAction.MASQUERADE);
    assertThat(action("! -s 10.244.0.0/16")).isEqualTo(NatAction.NONE);
    assertThat(action("-d 10.0.5.20/32")).isEqualTo(NatAction.MASQUERADE);
    assertThat(action("-d 10.0.5.21")).isEqualTo(NatAction.NONE);
  }

  /** Whether the one POSTROUTING rule's step turned on the destination. */
  private static boolean onDestination(String match, String target) {
    return evaluate(rules("-A POSTROUTING " + match + " -j " + target))
        .trace()
        .get(0)
        .onDestination();
  }

  @Test
  void aStepSaysWhetherItsOutcomeTurnedOnTheDestination() {
    // A rule that failed: the failing condition decides.
    assertThat(onDestination("! -d 10.0.0.0/8 -o eth0", "MASQUERADE")).isTrue();
    assertThat(onDestination("-s 172.17.0.0/16 -d 10.0.5.20", "MASQUERADE")).isFalse();
    assertThat(onDestination("-p tcp --dport 443", "MASQUERADE")).isTrue();
    assertThat(onDestination("-p tcp --sport 443", "MASQUERADE")).isFalse();
    assertThat(onDestination("-m addrtype --dst-type LOCAL", "MASQUERADE")).isTrue();
    assertThat(onDestination("-m mark --mark 0x4000/0x4000", "MASQUERADE")).isFalse();
    // A rule that matched: any of its conditions on the destination.
    assertThat(onDestination("-d 10.0.0.0/8", "RETURN")).isTrue();
    assertThat(onDestination("-m mark ! --mark 0x4000/0x4000", "RETURN")).isFalse();
    assertThat(onDestination("-o eth0", "RETURN")).isFalse();
  }

  @Test
  void outInterfaceMatchesWithWildcardAndNegation() {
    assertThat(action("-o eth0")).isEqualTo(NatAction.MASQUERADE);
    assertThat(action("-o eth+")).isEqualTo(NatAction.MASQUERADE);
    assertThat(action("-o ens+")).isEqualTo(NatAction.NONE);
    assertThat(action("! -o cbr0")).isEqualTo(NatAction.MASQUERADE);
  }

  @Test
  void inInterfaceIsUnknownToTheKernelInPostroutingSoItNeverMatchesThere() {
    assertThat(action("-i cbr0")).isEqualTo(NatAction.NONE);
    assertThat(action("! -i cbr0")).isEqualTo(NatAction.MASQUERADE);
  }

  @Test
  void inInterfaceMatchesInPrerouting() {
    String table =
        rules(
            "-N MARKIT",
            "-A PREROUTING -i cbr0 -j MARKIT",
            "-A MARKIT -j MARK --set-mark 0x1",
            "-A POSTROUTING -m mark --mark 0x1 -j MASQUERADE");

    assertThat(evaluate(table).action()).isEqualTo(NatAction.MASQUERADE);
  }

  @Test
  void protocolMatchesByNameNumberAndAll() {
    assertThat(action("-p tcp")).isEqualTo(NatAction.MASQUERADE);
    assertThat(action("-p 6")).isEqualTo(NatAction.MASQUERADE);
    assertThat(action("-p udp")).isEqualTo(NatAction.NONE);
    assertThat(action("-p all")).isEqualTo(NatAction.MASQUERADE);
    assertThat(action("! -p udp")).isEqualTo(NatAction.MASQUERADE);
  }

  @Test
  void destinationPortMatchesSinglePortsRangesAndNegation() {
    assertThat(action("-p tcp -m tcp --dport 5432")).isEqualTo(NatAction.MASQUERADE);
    assertThat(action("-p tcp --dport 5000:6000")).isEqualTo(NatAction.MASQUERADE);
    assertThat(action("-p tcp -m tcp ! --dport 5432")).isEqualTo(NatAction.NONE);
    assertThat(action("-p tcp -m tcp --dport 80")).isEqualTo(NatAction.NONE);
  }

  @Test
  void anUnknownSourcePortMakesTheAnswerDependOnIt() {
    NatVerdict verdict = evaluate(rules("-A POSTROUTING -p tcp -m tcp --sport 1024:2048" + MASQ));

    assertThat(verdict.action()).isEqualTo(NatAction.INDETERMINATE);
    assertThat(verdict.indeterminateReason()).contains("source port");
  }

  @Test
  void aGivenSourcePortIsMatched() {
    Packet packet =
        Packet.builder().src("10.244.1.5").dst("10.0.5.20").srcPort(40000).dstPort(5432).build();

    assertThat(action("-p tcp -m tcp --sport 32768:60999", packet)).isEqualTo(NatAction.MASQUERADE);
  }

  @Test
  void multiportMatchesListsAndRanges() {
    assertThat(action("-p tcp -m multiport --dports 80,443,5000:6000"))
        .isEqualTo(NatAction.MASQUERADE);
    assertThat(action("-p tcp -m multiport ! --dports 80,5432")).isEqualTo(NatAction.NONE);
    assertThat(action("-p tcp -m multiport --dports 80,443")).isEqualTo(NatAction.NONE);
  }

  @Test
  void commentsNeverChangeTheOutcome() {
    assertThat(action("-m comment --comment \"do not \\\"masq\\\" this\""))
        .isEqualTo(NatAction.MASQUERADE);
  }

  @Test
  void addrtypeLocalComparesWithTheNodesAddresses() {
    Packet toNode = Packet.forwarded("10.244.1.5", "172.20.1.10", 10250);
    String table =
        rules("-A PREROUTING -m addrtype --dst-type LOCAL -j DNAT --to-destination 10.244.1.9");

    NatVerdict verdict = evaluate(table, toNode);

    assertThat(verdict.destinationAfter()).hasToString("10.244.1.9");
    assertThat(action("-m addrtype ! --dst-type LOCAL")).isEqualTo(NatAction.MASQUERADE);
    assertThat(action("-m addrtype --dst-type UNICAST")).isEqualTo(NatAction.MASQUERADE);
    assertThat(action("-m addrtype --dst-type MULTICAST")).isEqualTo(NatAction.NONE);
  }

  @Test
  void addrtypeLocalWithoutKnownAddressesDependsOnThem() {
    NatVerdict verdict =
        NatEvaluator.evaluate(
            NatDump.parse(rules("-A POSTROUTING -m addrtype ! --dst-type LOCAL -j MASQUERADE")),
            NatFixtures.POD_TO_DB,
            NodeContext.unknown());

    assertThat(verdict.action()).isEqualTo(NatAction.INDETERMINATE);
    assertThat(verdict.indeterminateReason()).contains("LOCAL");
  }

  @Test
  void markMatchesValueUnderMaskWithNegation() {
    Packet marked =
        Packet.builder().src("10.244.1.5").dst("10.0.5.20").dstPort(5432).mark(0x4001).build();

    assertThat(action("-m mark --mark 0x4000/0x4000", marked)).isEqualTo(NatAction.MASQUERADE);
    assertThat(action("-m mark --mark 0x4000", marked)).isEqualTo(NatAction.NONE);
    assertThat(action("-m mark ! --mark 0x4000/0x4000")).isEqualTo(NatAction.MASQUERADE);
  }

  @Test
  void connectionStateOfAFirstPacketIsNew() {
    assertThat(action("-m conntrack --ctstate NEW")).isEqualTo(NatAction.MASQUERADE);
    assertThat(action("-m conntrack --ctstate ESTABLISHED,RELATED")).isEqualTo(NatAction.NONE);
    assertThat(action("-m state --state NEW")).isEqualTo(NatAction.MASQUERADE);
    assertThat(action("-m conntrack ! --ctstate DNAT")).isEqualTo(NatAction.MASQUERADE);
  }

  @Test
  void ctstateDnatHoldsAfterDestinationNatInPrerouting() {
    String table =
        rules(
            "-A PREROUTING -d 10.0.5.20/32 -j DNAT --to-destination 10.0.5.21",
            "-A POSTROUTING -m conntrack --ctstate DNAT -j MASQUERADE");

    assertThat(evaluate(table).action()).isEqualTo(NatAction.MASQUERADE);
  }

  @Test
  void synAndTcpFlagsSeeTheFirstPacketAsASyn() {
    assertThat(action("-p tcp -m tcp --syn")).isEqualTo(NatAction.MASQUERADE);
    assertThat(action("-p tcp -m tcp --tcp-flags SYN,ACK ACK")).isEqualTo(NatAction.NONE);
    assertThat(action("-p tcp -m tcp ! --syn")).isEqualTo(NatAction.NONE);
  }

  @Test
  void fragmentMatchIsFalseForAFirstPacket() {
    assertThat(action("-f")).isEqualTo(NatAction.NONE);
    assertThat(action("! -f")).isEqualTo(NatAction.MASQUERADE);
  }

  @Test
  void anUnknownMatchModuleIsNeverIgnored() {
    NatVerdict verdict = evaluate(rules("-A POSTROUTING -m physdev --physdev-is-bridged" + MASQ));

    assertThat(verdict.action()).isEqualTo(NatAction.INDETERMINATE);
    assertThat(verdict.indeterminateReason())
        .contains("-m physdev --physdev-is-bridged")
        .contains("chain POSTROUTING rule 1");
  }

  @Test
  void anUnmodeledOptionOfAKnownModuleIsNeverIgnored() {
    NatVerdict verdict = evaluate(rules("-A POSTROUTING -m conntrack --ctorigdst 10.0.0.1" + MASQ));

    assertThat(verdict.action()).isEqualTo(NatAction.INDETERMINATE);
    assertThat(verdict.indeterminateReason()).contains("--ctorigdst");
  }

  @Test
  void anUnknownMatchThatCannotChangeTheOutcomeIsAnsweredWithANote() {
    NatVerdict verdict =
        evaluate(
            rules(
                "-A POSTROUTING -m physdev --physdev-is-bridged -j RETURN",
                "-A POSTROUTING -j RETURN"));

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
    assertThat(verdict.notes()).anyMatch(note -> note.contains("physdev"));
  }
}
