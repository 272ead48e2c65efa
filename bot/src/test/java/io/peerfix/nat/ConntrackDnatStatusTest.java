package io.peerfix.nat;

import static io.peerfix.nat.NatFixtures.NODE_IP;
import static io.peerfix.nat.NatFixtures.evaluate;
import static io.peerfix.nat.NatFixtures.rules;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --ctstate DNAT} holds only when the kernel marked the connection as destination-NATed,
 * which it does only when DNAT or REDIRECT really changed the destination address or port.
 */
class ConntrackDnatStatusTest {
  private static final String EXEMPT_DNATED =
      "-A POSTROUTING -m conntrack --ctstate DNAT -j ACCEPT";
  private static final String MASQ = "-A POSTROUTING -o eth+ -j MASQUERADE";

  private static NatVerdict afterPrerouting(String prerouting) {
    return evaluate(rules("-A PREROUTING " + prerouting, EXEMPT_DNATED, MASQ));
  }

  @Test
  void dnatToTheAddressThePacketAlreadyHasDoesNotMarkTheConnection() {
    NatVerdict verdict = afterPrerouting("-d 10.0.5.20/32 -j DNAT --to-destination 10.0.5.20");

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.sourceAfter()).hasToString(NODE_IP);
  }

  @Test
  void dnatToTheSameAddressAndPortDoesNotMarkTheConnection() {
    NatVerdict verdict =
        afterPrerouting("-d 10.0.5.20/32 -p tcp -j DNAT --to-destination 10.0.5.20:5432");

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
  }

  @Test
  void dnatToAnotherAddressMarksTheConnection() {
    NatVerdict verdict = afterPrerouting("-d 10.0.5.20/32 -j DNAT --to-destination 10.0.5.21");

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
    assertThat(verdict.decidingRule().text()).isEqualTo(EXEMPT_DNATED);
  }

  @Test
  void dnatThatOnlyChangesThePortMarksTheConnection() {
    NatVerdict verdict =
        afterPrerouting("-d 10.0.5.20/32 -p tcp -j DNAT --to-destination 10.0.5.20:6432");

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
  }

  @Test
  void aPortAlreadyInsideTheDnatPortRangeIsKept() {
    NatVerdict verdict =
        evaluate(
            rules(
                "-A PREROUTING -d 10.0.5.20/32 -p tcp -j DNAT --to-destination 10.0.5.20:5000-6000",
                EXEMPT_DNATED,
                "-A POSTROUTING -p tcp --dport 5432 -j MASQUERADE"));

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
  }

  @Test
  void aPortOutsideTheDnatPortRangeBecomesItsFirstPort() {
    NatVerdict verdict =
        evaluate(
            rules(
                "-A PREROUTING -d 10.0.5.20/32 -p tcp -j DNAT --to-destination 10.0.5.30:6000-6010",
                "-A POSTROUTING -p tcp --dport 6000 -j MASQUERADE"));

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.destinationAfter()).hasToString("10.0.5.30");
  }

  @Test
  void dnatToTheSameAddressWithAPortMakesTheAnswerDependOnAPortNotGiven() {
    Packet portUnknown = Packet.builder().src("10.244.1.5").dst("10.0.5.20").build();

    NatVerdict verdict =
        evaluate(
            rules(
                "-A PREROUTING -d 10.0.5.20/32 -p tcp -j DNAT --to-destination 10.0.5.20:5432",
                EXEMPT_DNATED,
                MASQ),
            portUnknown);

    assertThat(verdict.action()).isEqualTo(NatAction.INDETERMINATE);
    assertThat(verdict.indeterminateReason()).contains("destination port (not given)");
  }

  @Test
  void dnatInOutputToTheSameAddressDoesNotMarkTheNodesConnection() {
    Packet fromNode =
        Packet.builder()
            .src(NODE_IP)
            .dst("10.0.5.20")
            .dstPort(5432)
            .inIface("")
            .origin(Packet.Origin.LOCAL)
            .build();

    NatVerdict verdict =
        evaluate(
            rules(
                "-A OUTPUT -d 10.0.5.20/32 -j DNAT --to-destination 10.0.5.20",
                EXEMPT_DNATED,
                "-A POSTROUTING -j SNAT --to-source 172.20.1.99"),
            fromNode);

    assertThat(verdict.action()).isEqualTo(NatAction.SNAT);
  }

  @Test
  void ctstateDnatIsFalseBeforeAnyDestinationNat() {
    NatVerdict verdict = evaluate(rules(EXEMPT_DNATED, MASQ));

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
  }

  @Test
  void redirectOfAPacketForAnotherHostMarksTheConnection() {
    NatVerdict verdict =
        NatEvaluator.evaluate(
            NatDump.parse(
                rules(
                    "-A PREROUTING -d 10.0.5.20/32 -j REDIRECT",
                    "-A INPUT -m conntrack --ctstate DNAT -j ACCEPT",
                    "-A INPUT -j SNAT --to-source 172.20.1.99")),
            NatFixtures.POD_TO_DB,
            NodeContext.of(NODE_IP).withLocalAddresses(List.of("10.244.1.1")));

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
  }

  @Test
  void redirectOfAPacketAlreadyForTheNodeLeavesTheMarkOpen() {
    Packet toNode = Packet.forwarded("10.244.1.5", "10.244.1.1", 5432);

    NatVerdict verdict =
        NatEvaluator.evaluate(
            NatDump.parse(
                rules(
                    "-A PREROUTING -d 10.244.1.1/32 -j REDIRECT",
                    "-A INPUT -m conntrack --ctstate DNAT -j ACCEPT",
                    "-A INPUT -j SNAT --to-source 172.20.1.99")),
            toNode,
            NodeContext.of(NODE_IP).withLocalAddresses(List.of("10.244.1.1")));

    assertThat(verdict.action()).isEqualTo(NatAction.INDETERMINATE);
    assertThat(verdict.indeterminateReason()).contains("address of in-interface cbr0");
  }
}
