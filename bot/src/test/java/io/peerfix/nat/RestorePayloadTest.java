package io.peerfix.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The restore syntax beyond -A: every command iptables-restore takes in a table section, and
 * payloads for {@code iptables-restore --noflush} applied onto a base. The expected tables are what
 * iptables-save printed after the same restore on a real kernel (both back ends, v1.8.9).
 */
class RestorePayloadTest {
  private static final String BASE =
      "*nat\n"
          + ":PREROUTING ACCEPT [0:0]\n"
          + ":INPUT ACCEPT [0:0]\n"
          + ":OUTPUT ACCEPT [0:0]\n"
          + ":POSTROUTING ACCEPT [0:0]\n"
          + ":A - [0:0]\n"
          + ":B - [0:0]\n"
          + "-A POSTROUTING -j B\n"
          + "-A A -j RETURN\n"
          + "-A B -j A\n"
          + "-A B ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE\n"
          + "COMMIT\n";

  private static Map<String, List<String>> rules(NatTable table) {
    Map<String, List<String>> out = new TreeMap<>();
    for (Chain chain : table.chains()) {
      List<String> texts = chain.rules().stream().map(Rule::text).toList();
      out.put(chain.name(), texts);
      for (int i = 0; i < chain.rules().size(); i++) {
        assertThat(chain.rules().get(i).index()).isEqualTo(i + 1);
      }
    }
    return out;
  }

  private static NatTable onto(String payload) {
    return NatDump.parseOnto(NatDump.parse(BASE), payload);
  }

  @Test
  void aNoflushPayloadAddsToTheBaseInsteadOfReplacingIt() {
    NatTable table = onto("*nat\n:C - [0:0]\n-A C -j RETURN\n-I POSTROUTING 1 -j C\nCOMMIT\n");

    assertThat(rules(table))
        .containsEntry("POSTROUTING", List.of("-A POSTROUTING -j C", "-A POSTROUTING -j B"))
        .containsEntry("C", List.of("-A C -j RETURN"))
        .containsEntry("B", List.of("-A B -j A", "-A B ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE"));
  }

  @Test
  void theBaseIsLeftAsItWas() {
    NatTable base = NatDump.parse(BASE);
    NatDump.parseOnto(base, "*nat\n-D B 2\n-I B 1 -j RETURN\nCOMMIT\n");

    assertThat(rules(base).get("B"))
        .containsExactly("-A B -j A", "-A B ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE");
  }

  @Test
  void declaringAnExistingUserChainEmptiesIt() {
    NatTable table = onto("*nat\n:B - [0:0]\n-A B -j RETURN\nCOMMIT\n");

    assertThat(rules(table).get("B")).containsExactly("-A B -j RETURN");
    assertThat(rules(table).get("A")).containsExactly("-A A -j RETURN");
  }

  @Test
  void deletesByNumberAndByRuleReplacesAndChecks() {
    NatTable table =
        onto(
            "*nat\n"
                + "-C B -j A\n"
                + "-D B ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE\n"
                + "-A B -s 10.244.0.0/16 -j MASQUERADE\n"
                + "-R B 1 -d 10.0.5.20/32 -j RETURN\n"
                + "-D POSTROUTING 1\n"
                + "-A POSTROUTING -j B\n"
                + "COMMIT\n");

    assertThat(rules(table).get("B"))
        .containsExactly("-A B -d 10.0.5.20/32 -j RETURN", "-A B -s 10.244.0.0/16 -j MASQUERADE");
    assertThat(rules(table).get("POSTROUTING")).containsExactly("-A POSTROUTING -j B");
  }

  @Test
  void aDeleteByRuleComparesCommentsAsTheKernelDoes() {
    NatTable table =
        onto(
            "*nat\n-A B -j MASQUERADE\n-A B -m comment --comment \"pf decoy\" -j MASQUERADE\n"
                + "-D B -m comment --comment \"pf decoy\" -j MASQUERADE\nCOMMIT\n");

    assertThat(rules(table).get("B"))
        .containsExactly(
            "-A B -j A", "-A B ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE", "-A B -j MASQUERADE");
  }

  @Test
  void flushesDeletesAndRenamesChainsAsTheKernelDoes() {
    NatTable table =
        onto(
            "*nat\n-D B 1\n-F A\n-X A\n-E B C\n-Z\n-L -n\n-S POSTROUTING\n-P POSTROUTING DROP\n"
                + "COMMIT\n");

    assertThat(table.chain("A")).isNull();
    assertThat(table.chain("B")).isNull();
    assertThat(rules(table))
        .containsEntry("POSTROUTING", List.of("-A POSTROUTING -j C"))
        .containsEntry("C", List.of("-A C ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE"));
    assertThat(table.chain("POSTROUTING").policy()).isEqualTo("DROP");
  }

  @Test
  void flushingAndDeletingEverythingLeavesEmptyBuiltInChains() {
    NatTable table = onto("*nat\n-F\n-X\nCOMMIT\n");

    assertThat(table.ruleCount()).isZero();
    assertThat(table.chains())
        .extracting(Chain::name)
        .containsExactly("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING");
  }

  @Test
  void aRenamedChainIsStillWhereItsJumpsLead() {
    NatVerdict verdict =
        NatEvaluator.evaluate(
            onto("*nat\n-E B C\nCOMMIT\n"),
            Packet.builder().src("10.244.1.5").dst("192.0.2.10").dstPort(5432).build(),
            new NodeContext(List.of(), "172.20.1.10", IpSets.empty()));

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.decidingRule().chain()).isEqualTo("C");
  }

  @Test
  void refusesWhatTheKernelRefuses() {
    assertThatThrownBy(() -> onto("*nat\n-X B\nCOMMIT\n"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("still has rules");
    assertThatThrownBy(() -> onto("*nat\n-F A\n-X A\nCOMMIT\n"))
        .hasMessageContaining("still jumped to from chain B");
    assertThatThrownBy(() -> onto("*nat\n-D B 3\nCOMMIT\n"))
        .hasMessageContaining("chain B has no rule 3 (it has 2)");
    assertThatThrownBy(() -> onto("*nat\n-D B -j RETURN\nCOMMIT\n"))
        .hasMessageContaining("chain B has no rule -j RETURN");
    assertThatThrownBy(() -> onto("*nat\n-N A\nCOMMIT\n")).hasMessageContaining("already exists");
    assertThatThrownBy(() -> onto("*nat\n-E A B\nCOMMIT\n"))
        .hasMessageContaining("chain B already exists");
    assertThatThrownBy(() -> onto("-A POSTROUTING -j MASQUERADE\n"))
        .hasMessageContaining("starts with a table line such as *nat");
  }

  @Test
  void aPayloadWithoutItsBaseSaysToGiveTheBase() {
    assertThatThrownBy(() -> NatDump.parse("*nat\n-D KUBE-SERVICES 3\nCOMMIT\n"))
        .isInstanceOf(NatParseException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("chain KUBE-SERVICES does not exist")
        .hasMessageContaining("--base FILE");
  }

  @Test
  void aSecondNatSectionReplacesTheFirstWithoutNoflushAndAddsToItWith() {
    String twice =
        "*nat\n:X - [0:0]\n-A X -j RETURN\n-A POSTROUTING -j X\nCOMMIT\n"
            + "*nat\n:Y - [0:0]\n-A POSTROUTING -j Y\nCOMMIT\n";

    assertThat(rules(NatDump.parse(twice)))
        .doesNotContainKey("X")
        .containsEntry("POSTROUTING", List.of("-A POSTROUTING -j Y"));
    assertThat(rules(NatDump.parseOnto(NatDump.parse(BASE), twice)).get("POSTROUTING"))
        .containsExactly("-A POSTROUTING -j B", "-A POSTROUTING -j X", "-A POSTROUTING -j Y");
  }

  @Test
  void aPayloadOfOtherTablesOnlyLeavesTheBase() {
    NatTable table = onto("*filter\n-A FORWARD -j ACCEPT\nCOMMIT\n");

    assertThat(rules(table)).isEqualTo(rules(NatDump.parse(BASE)));
  }
}
