package io.peerfix.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandFormParserTest {
  @Test
  void readsIptablesDashSOutputWithPoliciesAndUserChains() {
    String dashS =
        "-P PREROUTING ACCEPT\n"
            + "-P INPUT ACCEPT\n"
            + "-P OUTPUT ACCEPT\n"
            + "-P POSTROUTING ACCEPT\n"
            + "-N KUBE-POSTROUTING\n"
            + "-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING\n"
            + "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN\n";

    NatTable table = NatDump.parse(dashS);

    assertThat(table.format()).isEqualTo(DumpFormat.IPTABLES_S);
    assertThat(table.chain("KUBE-POSTROUTING").rules()).hasSize(1);
    assertThat(table.chain("KUBE-POSTROUTING").builtin()).isFalse();
  }

  @Test
  void insertPutsTheRuleAtTheGivenPosition() {
    String lines =
        "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE\n"
            + "-I POSTROUTING 1 -d 10.0.5.20/32 -o eth0 -j MASQUERADE\n";

    Chain chain = NatDump.parse(lines).chain("POSTROUTING");

    assertThat(chain.rules())
        .extracting(Rule::text)
        .containsExactly(
            "-A POSTROUTING -d 10.0.5.20/32 -o eth0 -j MASQUERADE",
            "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE");
    assertThat(chain.rules()).extracting(Rule::index).containsExactly(1, 2);
  }

  @Test
  void acceptsOldStyleNegationAfterTheOption() {
    NatVerdict verdict =
        NatFixtures.evaluate("-A POSTROUTING -d ! 10.0.0.0/8 -o eth0 -j MASQUERADE\n");

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
  }

  @Test
  void acceptsLongOptionNamesAndDottedMasks() {
    NatVerdict verdict =
        NatFixtures.evaluate(
            "-A POSTROUTING --destination 10.0.0.0/255.255.0.0 --out-interface eth0 --jump MASQUERADE\n");

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
  }

  @Test
  void aRuleAppendedToAnUndeclaredChainIsAnErrorNamingTheLine() {
    assertThatThrownBy(() -> NatDump.parse("-A POSTROUTING -j MINE\n-A MINE -j MASQUERADE\n"))
        .isInstanceOfSatisfying(
            NatParseException.class,
            e -> {
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.getMessage()).contains("chain MINE does not exist").contains("-N MINE");
            });
  }

  @Test
  void aRuleInsertedIntoAnUndeclaredChainIsAnError() {
    assertThatThrownBy(() -> NatDump.parse("-I MINE 1 -j MASQUERADE\n"))
        .isInstanceOf(NatParseException.class)
        .hasMessageContaining("chain MINE does not exist");
  }

  @Test
  void builtInChainsNeedNoDeclaration() {
    NatTable table = NatDump.parse("-A POSTROUTING -o eth0 -j MASQUERADE\n");

    assertThat(table.chain("POSTROUTING").rules()).hasSize(1);
  }
}
