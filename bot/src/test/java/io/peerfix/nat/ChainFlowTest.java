package io.peerfix.nat;

import static io.peerfix.nat.NatFixtures.evaluate;
import static io.peerfix.nat.NatFixtures.rules;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Jumps, gotos, returns, policies and marks, as the kernel walks them. */
class ChainFlowTest {
  @Test
  void returnFromAUserChainContinuesInTheCaller() {
    NatVerdict verdict =
        evaluate(
            rules(
                "-N A",
                "-A POSTROUTING -j A",
                "-A A -j RETURN",
                "-A A -j MASQUERADE",
                "-A POSTROUTING -j SNAT --to-source 172.20.1.77"));

    assertThat(verdict.action()).isEqualTo(NatAction.SNAT);
    assertThat(verdict.sourceAfter()).hasToString("172.20.1.77");
    assertThat(verdict.decidingRule().index()).isEqualTo(2);
  }

  @Test
  void theEndOfAUserChainReturnsToTheCaller() {
    NatVerdict verdict =
        evaluate(
            rules(
                "-N A",
                "-A POSTROUTING -j A",
                "-A A -d 8.8.8.8 -j MASQUERADE",
                "-A POSTROUTING -j MASQUERADE"));

    assertThat(verdict.decidingRule())
        .isEqualTo(new RuleRef("POSTROUTING", 2, "-A POSTROUTING -j MASQUERADE"));
  }

  @Test
  void returnInABuiltInChainAppliesThePolicy() {
    NatVerdict verdict =
        evaluate(rules("-A POSTROUTING -j RETURN", "-A POSTROUTING -j MASQUERADE"));

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
    assertThat(verdict.decidingRule()).isNull();
  }

  @Test
  void gotoReturnsToTheChainThatCalledTheCaller() {
    NatVerdict verdict =
        evaluate(
            rules(
                "-N A",
                "-N B",
                "-A POSTROUTING -j A",
                "-A A -g B",
                "-A A -j MASQUERADE",
                "-A B -j RETURN",
                "-A POSTROUTING -j SNAT --to-source 172.20.1.77"));

    assertThat(verdict.action()).isEqualTo(NatAction.SNAT);
    assertThat(verdict.trace())
        .extracting(TraceStep::chain)
        .containsExactly("POSTROUTING", "A", "B", "POSTROUTING");
  }

  @Test
  void gotoFromABuiltInChainEndsInItsPolicy() {
    NatVerdict verdict =
        evaluate(
            rules("-N B", "-A POSTROUTING -g B", "-A POSTROUTING -j MASQUERADE", "-A B -j RETURN"));

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
  }

  @Test
  void acceptStopsTheNatTableWithoutRewriting() {
    NatVerdict verdict =
        evaluate(rules("-A POSTROUTING -d 10.0.0.0/8 -j ACCEPT", "-A POSTROUTING -j MASQUERADE"));

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
    assertThat(verdict.decidingRule().index()).isEqualTo(1);
  }

  @Test
  void marksSetInPreroutingAreSeenInPostrouting() {
    NatVerdict verdict =
        evaluate(
            rules(
                "-N KUBE-MARK-MASQ",
                "-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000",
                "-A PREROUTING -s 10.244.0.0/16 -j KUBE-MARK-MASQ",
                "-A POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
                "-A POSTROUTING -j MARK --xor-mark 0x4000",
                "-A POSTROUTING -m mark --mark 0x4000/0x4000 -j RETURN",
                "-A POSTROUTING -j MASQUERADE"));

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.decidingRule().index()).isEqualTo(4);
  }

  @Test
  void markOperationsComputeAsTheKernelDoes() {
    String table =
        rules(
            "-A POSTROUTING -j MARK --set-mark 0xff",
            "-A POSTROUTING -j MARK --and-mark 0x0f",
            "-A POSTROUTING -j MARK --or-mark 0x100",
            "-A POSTROUTING -j MARK --xor-mark 0x1",
            "-A POSTROUTING -m mark --mark 0x10e -j MASQUERADE");

    assertThat(evaluate(table).action()).isEqualTo(NatAction.MASQUERADE);
  }

  @Test
  void connmarkSavesAndRestoresThroughTheConnection() {
    String table =
        rules(
            "-A PREROUTING -j MARK --set-mark 0x7",
            "-A PREROUTING -j CONNMARK --save-mark",
            "-A PREROUTING -j MARK --set-mark 0x0",
            "-A PREROUTING -j CONNMARK --restore-mark",
            "-A POSTROUTING -m mark --mark 0x7 -j MASQUERADE");

    assertThat(evaluate(table).action()).isEqualTo(NatAction.MASQUERADE);
  }

  @Test
  void logContinuesWithTheNextRule() {
    NatVerdict verdict =
        evaluate(
            rules(
                "-A POSTROUTING -j LOG --log-prefix \"nat: \" --log-level 4",
                "-A POSTROUTING -j MASQUERADE"));

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
  }

  @Test
  void dnatInPreroutingChangesTheDestinationSeenByPostrouting() {
    NatVerdict verdict =
        evaluate(
            rules(
                "-A PREROUTING -d 10.0.5.20/32 -p tcp --dport 5432 -j DNAT --to-destination 192.168.7.7:6432",
                "-A POSTROUTING -d 192.168.7.7/32 -p tcp --dport 6432 -j MASQUERADE"));

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.destinationAfter()).hasToString("192.168.7.7");
  }

  @Test
  void dnatInOutputAppliesToTheNodesOwnPackets() {
    Packet local =
        Packet.builder()
            .src("172.20.1.10")
            .dst("10.96.0.1")
            .dstPort(443)
            .origin(Packet.Origin.LOCAL)
            .build();
    String table =
        rules(
            "-A OUTPUT -d 10.96.0.1/32 -j DNAT --to-destination 10.0.5.20",
            "-A PREROUTING -j DNAT --to-destination 1.1.1.1");

    NatVerdict verdict = evaluate(table, local);

    assertThat(verdict.destinationAfter()).hasToString("10.0.5.20");
    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
  }

  @Test
  void redirectInPreroutingDeliversToTheNodeWithoutPostrouting() {
    NatVerdict verdict =
        evaluate(
            rules(
                "-A PREROUTING -p tcp --dport 5432 -j REDIRECT --to-ports 15001",
                "-A POSTROUTING -j MASQUERADE"));

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
    assertThat(verdict.notes()).anyMatch(n -> n.contains("REDIRECT"));
  }

  @Test
  void snatToARangeTakesTheFirstAddressAndSaysSo() {
    NatVerdict verdict =
        evaluate(
            rules(
                "-A POSTROUTING -j SNAT --to-source 172.20.1.20-172.20.1.29:1024-65535 --persistent"));

    assertThat(verdict.sourceAfter()).hasToString("172.20.1.20");
    assertThat(verdict.notes()).anyMatch(n -> n.contains("range"));
  }

  @Test
  void masqueradeOptionsDoNotChangeTheSourceAddress() {
    NatVerdict verdict =
        evaluate(
            rules("-A POSTROUTING -o eth0 -j MASQUERADE --to-ports 1024-65535 --random-fully"));

    assertThat(verdict.sourceAfter()).hasToString(NatFixtures.NODE_IP);
  }

  @Test
  void anUnknownTargetReachedIsIndeterminateWithTheRule() {
    NatVerdict verdict = evaluate(rules("-A POSTROUTING -j NETMAP --to 172.20.0.0/16"));

    assertThat(verdict.action()).isEqualTo(NatAction.INDETERMINATE);
    assertThat(verdict.indeterminateReason())
        .isEqualTo(
            "indeterminate at chain POSTROUTING rule 1: -A POSTROUTING -j NETMAP --to 172.20.0.0/16"
                + " (target NETMAP is not modeled)");
  }

  @Test
  void anUnknownTargetNotReachedDoesNotMatter() {
    NatVerdict verdict =
        evaluate(
            rules(
                "-A POSTROUTING -d 1.2.3.4 -j NETMAP --to 172.20.0.0/16",
                "-A POSTROUTING -j MASQUERADE"));

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
  }

  @Test
  void theTraceExplainsEachRuleVisited() {
    NatVerdict verdict =
        evaluate(
            rules(
                "-A POSTROUTING -d 8.8.8.8/32 -j MASQUERADE",
                "-A POSTROUTING -o eth0 -p tcp -j MASQUERADE"));

    assertThat(verdict.trace())
        .extracting(TraceStep::reason)
        .containsExactly(
            "destination 10.0.5.20 is not in 8.8.8.8/32 => no match",
            "out-interface eth0 is eth0; protocol tcp is tcp => match");
  }
}
