package io.peerfix.nat;

import static io.peerfix.nat.NatFixtures.NODE_IP;
import static io.peerfix.nat.NatFixtures.POD_TO_DB;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The incident peerfix was born from, in the exact form it was pasted. */
class SeedIncidentTest {
  static final String LISTING =
      "Chain POSTROUTING (policy ACCEPT 78 packets, 4680 bytes)\n"
          + " pkts bytes target     prot opt in     out     source         destination\n"
          + "87316 5451K MASQUERADE  all  --  *      eth0    0.0.0.0/0     !10.0.0.0/8\n";

  @Test
  void podPacketToPeeredDatabaseLeavesUnmasqueradedDecidedByPolicy() {
    NatVerdict verdict =
        NatEvaluator.evaluate(NatDump.parse(LISTING), POD_TO_DB, NodeContext.of(NODE_IP));

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
    assertThat(verdict.sourceAfter()).hasToString("10.244.1.5");
    assertThat(verdict.decidingRule()).isNull();
    assertThat(verdict.trace())
        .containsExactly(
            new TraceStep(
                "POSTROUTING",
                1,
                "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE",
                false,
                "destination 10.0.5.20 is in 10.0.0.0/8, negated => no match",
                true));
  }

  @Test
  void aNoneAnswerNamesTheRuleThatCouldHaveRewrittenTheSourceAndWhyItDidNot() {
    NatVerdict verdict =
        NatEvaluator.evaluate(NatDump.parse(LISTING), POD_TO_DB, NodeContext.of(NODE_IP));

    assertThat(verdict.whyNotRewritten()).containsExactlyElementsOf(verdict.trace());
    assertThat(verdict.explain())
        .contains(
            "why: POSTROUTING rule 1 `-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE` does"
                + " not match: destination 10.0.5.20 is in 10.0.0.0/8, negated => no match");
  }

  @Test
  void aReturnThatSkipsTheMasqueradeIsWhyAndRulesOnOtherThingsAreLeftOut() {
    String table =
        NatFixtures.rules(
            "-N IP-MASQ",
            "-A POSTROUTING -s 172.17.0.0/16 -o eth0 -j MASQUERADE",
            "-A POSTROUTING -j IP-MASQ",
            "-A IP-MASQ -d 10.0.0.0/8 -j RETURN",
            "-A IP-MASQ -j MASQUERADE");

    NatVerdict verdict = NatFixtures.evaluate(table);

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
    assertThat(verdict.whyNotRewritten())
        .extracting(TraceStep::chain, TraceStep::index, TraceStep::matched)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("IP-MASQ", 1, true));
  }

  @Test
  void onlyNoneAnswersHaveReasonsWhyNot() {
    assertThat(NatFixtures.evaluate("-A POSTROUTING -o eth0 -j MASQUERADE\n").whyNotRewritten())
        .isEmpty();
  }

  @Test
  void theBandAidRuleInsertedFirstMasqueradesToTheNodeAddress() {
    String fixed =
        "-A POSTROUTING -d 10.0.5.20/32 -o eth0 -j MASQUERADE\n"
            + "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE\n";

    NatVerdict verdict = NatFixtures.evaluate(fixed);

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.sourceAfter()).hasToString(NODE_IP);
    assertThat(verdict.decidingRule())
        .isEqualTo(
            new RuleRef("POSTROUTING", 1, "-A POSTROUTING -d 10.0.5.20/32 -o eth0 -j MASQUERADE"));
  }

  @Test
  void theNodesOwnPacketIsMasqueradedBecauseItIsNotForwarded() {
    Packet fromNode =
        Packet.builder()
            .src(NODE_IP)
            .dst("8.8.8.8")
            .dstPort(53)
            .origin(Packet.Origin.LOCAL)
            .build();

    NatVerdict verdict =
        NatEvaluator.evaluate(NatDump.parse(LISTING), fromNode, NodeContext.of(NODE_IP));

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
  }

  @Test
  void explanationNamesTheDecidingRule() {
    String fixed = "-A POSTROUTING -d 10.0.5.20/32 -o eth0 -j MASQUERADE\n";

    String text = NatFixtures.evaluate(fixed).explain();

    assertThat(text)
        .contains("MASQUERADE")
        .contains(NODE_IP)
        .contains("POSTROUTING rule 1: -A POSTROUTING -d 10.0.5.20/32 -o eth0 -j MASQUERADE");
  }

  @Test
  void masqueradeWithoutTheNodeAddressSaysItNeedsIt() {
    NatVerdict verdict =
        NatEvaluator.evaluate(
            NatDump.parse("-A POSTROUTING -o eth0 -j MASQUERADE\n"),
            POD_TO_DB,
            NodeContext.unknown());

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.sourceAfter()).isNull();
    assertThat(verdict.notes()).anyMatch(note -> note.contains("--node-ip"));
  }
}
