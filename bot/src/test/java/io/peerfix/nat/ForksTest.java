package io.peerfix.nat;

import static io.peerfix.nat.NatFixtures.evaluate;
import static io.peerfix.nat.NatFixtures.rules;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Unknowns are evaluated both ways; only what holds on every way is answered. */
class ForksTest {
  @Test
  void statisticBranchesThatAllMasqueradeGiveAnAnswerWithANote() {
    String table =
        rules(
            "-N SEP1",
            "-N SEP2",
            "-A SEP1 -j DNAT --to-destination 10.0.5.21",
            "-A SEP2 -j DNAT --to-destination 10.0.5.22",
            "-A PREROUTING -m statistic --mode random --probability 0.5 -j SEP1",
            "-A PREROUTING -j SEP2",
            "-A POSTROUTING -o eth0 -j MASQUERADE");

    NatVerdict verdict = evaluate(table);

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.destinationAfter()).isNull();
    assertThat(verdict.notes()).anyMatch(n -> n.contains("chance"));
    assertThat(verdict.notes()).anyMatch(n -> n.contains("10.0.5.21, 10.0.5.22"));
  }

  @Test
  void statisticThatDecidesTheSourceIsIndeterminate() {
    NatVerdict verdict =
        evaluate(
            rules("-A POSTROUTING -m statistic --mode nth --every 2 --packet 0 -j MASQUERADE"));

    assertThat(verdict.action()).isEqualTo(NatAction.INDETERMINATE);
    assertThat(verdict.sourceAfter()).isNull();
    assertThat(verdict.indeterminateReason())
        .contains("chance (-m statistic --mode nth --every 2 --packet 0)")
        .contains("MASQUERADE")
        .contains("NONE");
  }

  @Test
  void anUnknownSetMakesTheOutcomeDependOnIt() {
    NatVerdict verdict =
        evaluate(rules("-A POSTROUTING -m set --match-set peer-dbs dst -j MASQUERADE"));

    assertThat(verdict.action()).isEqualTo(NatAction.INDETERMINATE);
    assertThat(verdict.indeterminateReason()).contains("set peer-dbs");
  }

  @Test
  void aGivenSetDecides() {
    NatTable table =
        NatDump.parse(rules("-A POSTROUTING -m set --match-set peer-dbs dst -j MASQUERADE"));
    IpSets sets =
        IpSets.parseSave("create peer-dbs hash:net family inet\nadd peer-dbs 10.0.0.0/16\n");

    NatVerdict verdict =
        NatEvaluator.evaluate(
            table, NatFixtures.POD_TO_DB, NodeContext.of(NatFixtures.NODE_IP).withIpSets(sets));

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
  }

  @Test
  void theNumberOfPathsIsBoundedAndSaidSo() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      lines.add(
          "-A POSTROUTING -m statistic --mode random --probability 0.5 -j MARK --xor-mark "
              + (1 << i));
    }
    lines.add("-A POSTROUTING -m mark --mark 0xff -j MASQUERADE");

    NatVerdict verdict =
        NatEvaluator.evaluate(
            NatDump.parse(rules(lines.toArray(String[]::new))),
            NatFixtures.POD_TO_DB,
            NodeContext.of(NatFixtures.NODE_IP),
            new EvaluationBudget(1_000_000, 64, 1_000));

    assertThat(verdict.action()).isEqualTo(NatAction.INDETERMINATE);
    assertThat(verdict.indeterminateReason()).startsWith("there are more than 64 possible paths");
  }

  @Test
  void anUnknownTargetOnOnlyOnePathStillMakesItIndeterminate() {
    NatVerdict verdict =
        evaluate(
            rules(
                "-A POSTROUTING -m statistic --mode random --probability 0.5 -j NETMAP --to 1.0.0.0/8",
                "-A POSTROUTING -j RETURN"));

    assertThat(verdict.action()).isEqualTo(NatAction.INDETERMINATE);
    assertThat(verdict.indeterminateReason()).contains("NETMAP");
  }
}
