package io.peerfix.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Chain names as iptables-restore accepts them (UTF-8 bytes), and encodings named. */
class NamesAndEncodingsTest {
  private static NatVerdict explain(byte[] dump) {
    return NatEvaluator.evaluate(
        NatDump.parse(dump), NatFixtures.POD_TO_DB, NodeContext.of(NatFixtures.NODE_IP));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void utf8ChainNamesAreAnsweredInSaveForm() {
    for (String name : new String[] {"KUBE-€", "😀", "链"}) {
      String dump =
          "*nat\n:POSTROUTING ACCEPT [0:0]\n:"
              + name
              + " - [0:0]\n-A POSTROUTING -j "
              + name
              + "\n-A "
              + name
              + " -o eth0 -j MASQUERADE\nCOMMIT\n";

      NatVerdict fromBytes = explain(utf8(dump));
      NatVerdict fromString = NatFixtures.evaluate(dump);

      assertThat(fromBytes.decidingRule().chain()).isEqualTo(name);
      assertThat(fromString.decidingRule().chain()).isEqualTo(name);
      assertThat(fromBytes.action()).isEqualTo(NatAction.MASQUERADE);
    }
  }

  @Test
  void namesThatDifferOnlyAboveAsciiStayDifferentChains() {
    String dump =
        "-N 链\n-N 锁\n-A POSTROUTING -j 链\n-A 链 -j RETURN\n-A 锁 -j MASQUERADE\n"
            + "-A POSTROUTING -j 锁\n";

    NatVerdict verdict = NatFixtures.evaluate(dump);

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.decidingRule().chain()).isEqualTo("锁");
  }

  @Test
  void aChainNameThatIsNotUtf8IsKeptByteForByteInSFormAsTheKernelDoes() {
    byte[] dump = utf8("-N X?\n-A POSTROUTING -j X?\n-A X? -o eth0 -j MASQUERADE\n");
    for (int i = 0; i < dump.length; i++) {
      if (dump[i] == '?') {
        dump[i] = (byte) 0xff;
      }
    }

    NatVerdict verdict = explain(dump);

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.decidingRule().chain()).isEqualTo("X\\xff");
  }

  @Test
  void aCjkChainNameIsAnsweredInListingForm() {
    String listing =
        "Chain POSTROUTING (policy ACCEPT 0 packets, 0 bytes)\n"
            + " pkts bytes target     prot opt in     out     source               destination\n"
            + "    0     0 链          all  --  *      *       0.0.0.0/0            0.0.0.0/0\n"
            + "\n"
            + "Chain 链 (1 references)\n"
            + " pkts bytes target     prot opt in     out     source               destination\n"
            + "    0     0 MASQUERADE  all  --  *      eth0    0.0.0.0/0            0.0.0.0/0\n";

    NatVerdict verdict = explain(utf8(listing));

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.decidingRule().chain()).isEqualTo("链");
  }

  @Test
  void aChainNameOverTwentyEightBytesIsRefusedLikeIptables() {
    NatParseException error =
        catchThrowableOfType(
            () -> NatDump.parse(utf8("*nat\n:€€€€€€€€€€ - [0:0]\nCOMMIT\n")),
            NatParseException.class);

    assertThat(error.line()).isEqualTo(2);
    assertThat(error.getMessage()).contains("1-28 bytes");
  }

  @Test
  void aTruncatedListingHeaderTakesNothingFromTheLineBefore() {
    String listing =
        "Chain INPUT (policy DROP 0 packets, 0 bytes)\n"
            + " pkts bytes target     prot opt in     out     source               destination\n"
            + "\n"
            + "Chain POSTROUTING (policy\n";

    NatParseException error =
        catchThrowableOfType(() -> NatDump.parse(listing), NatParseException.class);

    assertThat(error.line()).isEqualTo(4);
    assertThat(error.getMessage()).contains("cut short");
  }

  @Test
  void utf16IsNamedWithHowToConvertIt() {
    byte[] utf16 = "*nat\n:POSTROUTING ACCEPT [0:0]\nCOMMIT\n".getBytes(StandardCharsets.UTF_16LE);
    byte[] bom = "*nat\nCOMMIT\n".getBytes(StandardCharsets.UTF_16);

    assertThat(catchThrowableOfType(() -> NatDump.parse(utf16), NatParseException.class))
        .hasMessageContaining("UTF-16")
        .hasMessageContaining("iconv");
    assertThat(catchThrowableOfType(() -> NatDump.parse(bom), NatParseException.class))
        .hasMessageContaining("UTF-16");
  }

  @Test
  void crOnlyLineEndingsAreNamedWithHowToConvertThem() {
    byte[] dump = utf8("*nat\r:POSTROUTING ACCEPT [0:0]\rCOMMIT\r");

    assertThat(catchThrowableOfType(() -> NatDump.parse(dump), NatParseException.class))
        .hasMessageContaining("CR only")
        .hasMessageContaining("tr '\\r' '\\n'");
  }
}
