package io.peerfix.nat;

import static io.peerfix.nat.NatFixtures.evaluate;
import static io.peerfix.nat.NatFixtures.rules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/**
 * Tables the kernel refuses are refused whatever the packet, naming the rule the kernel would
 * refuse (each case checked against iptables-legacy-restore and iptables-nft-restore 1.8.9).
 */
class KernelRefusesTest {
  private static NatParseException refused(String text) {
    NatParseException error =
        catchThrowableOfType(() -> NatDump.parse(text), NatParseException.class);
    assertThat(error).as("refused: %s", text).isNotNull();
    return error;
  }

  @Test
  void aJumpLoopBehindARuleThePacketDoesNotMatchIsRefused() {
    NatParseException error =
        refused(
            rules(
                "-N A",
                "-N B",
                "-A POSTROUTING -s 192.0.2.1/32 -j A",
                "-A POSTROUTING -o eth0 -j MASQUERADE",
                "-A A -j B",
                "-A B -g A"));

    assertThat(error.line()).isEqualTo(6);
    assertThat(error.getMessage())
        .contains("jump loop A -> B -> A")
        .contains("whatever the packet");
  }

  @Test
  void aLoopNoBuiltInChainReachesIsAcceptedAsTheKernelDoes() {
    assertThatCode(() -> NatDump.parse(rules("-N A", "-N B", "-A A -j B", "-A B -j A")))
        .doesNotThrowAnyException();
  }

  @Test
  void masqueradeInPreroutingIsRefused() {
    NatParseException error =
        refused(rules("-A PREROUTING -s 192.0.2.1/32 -j MASQUERADE", "-A POSTROUTING -j ACCEPT"));

    assertThat(error.line()).isEqualTo(1);
    assertThat(error.getMessage())
        .contains("MASQUERADE is only valid in POSTROUTING")
        .contains("this rule is in PREROUTING");
  }

  @Test
  void masqueradeInAUserChainReachedFromPreroutingIsRefused() {
    NatParseException error =
        refused(rules("-N X", "-A PREROUTING -s 192.0.2.1/32 -j X", "-A X -j MASQUERADE"));

    assertThat(error.line()).isEqualTo(3);
    assertThat(error.getMessage()).contains("chain X is reached from PREROUTING");
  }

  @Test
  void dnatInPostroutingAndMasqueradeInInputAreRefused() {
    assertThat(refused(rules("-A POSTROUTING -j DNAT --to-destination 10.0.0.1")).getMessage())
        .contains("DNAT is only valid in PREROUTING and OUTPUT");
    assertThat(refused(rules("-A INPUT -j MASQUERADE")).getMessage())
        .contains("MASQUERADE is only valid in POSTROUTING");
  }

  @Test
  void targetsInChainsNoHookReachesAndSnatInInputAreAccepted() {
    assertThatCode(
            () ->
                NatDump.parse(
                    rules(
                        "-N X",
                        "-A X -j MASQUERADE",
                        "-A X -j DNAT --to-destination 10.0.0.1",
                        "-A INPUT -j SNAT --to-source 10.0.0.2")))
        .doesNotThrowAnyException();
  }

  @Test
  void dropAndOtherTablesTargetsAreRefusedEvenInAChainNoHookReaches() {
    for (String target : new String[] {"DROP", "REJECT", "CT --notrack", "NOTRACK"}) {
      NatParseException error = refused(rules("-N X", "-A X -s 192.0.2.1/32 -j " + target));

      assertThat(error.line()).isEqualTo(2);
      assertThat(error.getMessage()).contains("in the nat table: the kernel refuses this table");
    }
  }

  @Test
  void aChainCreatedTwiceIsRefusedInEitherForm() {
    assertThat(refused(rules("-N X", "-N X")).getMessage())
        .contains("chain X is created twice (first on line 1)");
    assertThat(refused("*nat\n:X - [0:0]\n:X - [0:0]\nCOMMIT\n").getMessage())
        .contains("chain X is declared twice (first on line 2)");
  }

  @Test
  void aPortMatchWithoutItsProtocolIsRefused() {
    assertThat(refused(rules("-A POSTROUTING -m tcp --dport 443 -j MASQUERADE")).getMessage())
        .contains("TCP match requires '-p tcp'");
    assertThat(
            refused(rules("-A POSTROUTING -p udp -m tcp --dport 443 -j MASQUERADE")).getMessage())
        .contains("TCP match requires '-p tcp'");
    assertThat(
            refused(rules("-A POSTROUTING -m multiport --dports 443 -j MASQUERADE")).getMessage())
        .contains("multiport needs");
  }

  @Test
  void aNegatedProtocolWithItsPortMatchMatchesNoPacket() {
    String table = rules("-A POSTROUTING ! -p tcp -m tcp --dport 443 -j MASQUERADE");

    NatVerdict tcp = evaluate(table, Packet.forwarded("10.244.1.5", "10.0.5.20", 443));
    NatVerdict udp =
        evaluate(
            table,
            Packet.builder()
                .src("10.244.1.5")
                .dst("10.0.5.20")
                .dstPort(443)
                .protocol("udp")
                .build());

    assertThat(tcp.action()).isEqualTo(NatAction.NONE);
    assertThat(udp.action()).isEqualTo(NatAction.NONE);
    assertThat(udp.trace().get(0).reason()).contains("never matches a udp packet");
  }

  @Test
  void aListedTcpPortNeverMatchesAUdpPacket() {
    String listing =
        "Chain POSTROUTING (policy ACCEPT 0 packets, 0 bytes)\n"
            + " pkts bytes target     prot opt in     out     source               destination\n"
            + "    0     0 MASQUERADE  all  --  *      *       0.0.0.0/0            0.0.0.0/0"
            + "            tcp dpt:443\n";
    Packet udp =
        Packet.builder().src("10.244.1.5").dst("10.0.5.20").dstPort(443).protocol("udp").build();

    assertThat(evaluate(listing, udp).action()).isEqualTo(NatAction.NONE);
  }

  @Test
  void aLoopReachedOnlyFromInputNamesInputAndTheRuleThatClosesIt() {
    NatParseException error =
        refused(
            rules(
                "-N A",
                "-N B",
                "-N C",
                "-A PREROUTING -j A",
                "-A A -j RETURN",
                "-A INPUT -j B",
                "-A B -j C",
                "-A C -j A",
                "-A C -j B"));

    assertThat(error.line()).isEqualTo(9);
    assertThat(error.getMessage())
        .contains("jump loop B -> C -> B")
        .contains("a chain reached from INPUT jumps back into itself");
  }

  @Test
  void aChainOfAHundredThousandJumpsIsAcceptedAndALoopAtItsEndIsRefused() {
    int depth = 100_000;
    StringBuilder table = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      table.append("-N C").append(i).append('\n');
    }
    table.append("-A OUTPUT -j C0\n");
    for (int i = 0; i + 1 < depth; i++) {
      table.append("-A C").append(i).append(" -j C").append(i + 1).append('\n');
    }
    String chain = table.toString();
    String looped = chain + "-A C" + (depth - 1) + " -j C" + (depth / 2) + "\n";

    assertThatCode(() -> NatDump.parse(chain)).doesNotThrowAnyException();
    NatParseException error = refused(looped);
    assertThat(error.line()).isEqualTo(2 * depth + 1);
    assertThat(error.getMessage())
        .contains("jump loop C" + depth / 2 + " -> C" + (depth / 2 + 1))
        .contains("(" + depth / 2 + " chains)")
        .contains("reached from OUTPUT");
  }

  @Test
  void aTargetReachedFromTwoHooksIsRefusedNamingTheHookThatMayNotHaveIt() {
    NatParseException error =
        refused(
            rules(
                "-N X",
                "-A POSTROUTING -j X",
                "-A OUTPUT -d 192.0.2.1/32 -j X",
                "-A X -j MASQUERADE"));

    assertThat(error.line()).isEqualTo(4);
    assertThat(error.getMessage()).contains("chain X is reached from OUTPUT");
  }

  @Test
  void masqueradeInsertedIntoAChainReachedFromPreroutingIsRefused() {
    NatParseException error =
        refused(
            rules(
                "*nat",
                ":PREROUTING ACCEPT [0:0]",
                ":X - [0:0]",
                "-A PREROUTING -j X",
                "-A X -j RETURN",
                "-I X 1 -j MASQUERADE",
                "COMMIT"));

    assertThat(error.line()).isEqualTo(6);
    assertThat(error.getMessage()).contains("chain X is reached from PREROUTING");
  }

  @Test
  void aPayloadThatReachesMasqueradeFromPreroutingIsRefusedUnlessItDeletesTheRule() {
    NatTable base =
        NatDump.parse(
            rules(
                "*nat",
                ":POSTROUTING ACCEPT [0:0]",
                ":X - [0:0]",
                "-A POSTROUTING -j X",
                "-A X -d 192.0.2.1/32 -j RETURN",
                "-A X -d 192.0.2.2/32 -j RETURN",
                "-A X -j MASQUERADE",
                "COMMIT"));

    NatParseException error =
        catchThrowableOfType(
            () -> NatDump.parseOnto(base, rules("*nat", "-A PREROUTING -j X", "COMMIT")),
            NatParseException.class);
    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("MASQUERADE is only valid in POSTROUTING");

    NatTable deleted =
        NatDump.parseOnto(
            base, rules("*nat", "-A PREROUTING -j X", "-A X -j RETURN", "-D X 3", "COMMIT"));
    assertThat(deleted.chain("X").rules())
        .extracting(Rule::text)
        .last()
        .isEqualTo("-A X -j RETURN");
    assertThat(deleted.chain("X").rules()).hasSize(3);
  }
}
