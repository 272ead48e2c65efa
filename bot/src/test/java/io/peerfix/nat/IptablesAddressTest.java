package io.peerfix.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Addresses in rule text mean what iptables makes of them: each pair is what
 * iptables-legacy-restore and iptables-nft-restore 1.8.9 loaded and iptables-save printed back.
 */
class IptablesAddressTest {
  private static String loaded(String address) {
    NatTable table = NatDump.parse("-A POSTROUTING -s " + address + " -j MASQUERADE\n");
    return table.chain("POSTROUTING").rules().get(0).matches()[0].render();
  }

  @ParameterizedTest
  @CsvSource({
    "010.0.0.1, 8.0.0.1/32",
    "0010.0.0.1, 8.0.0.1/32",
    "0177.0.0.1, 127.0.0.1/32",
    "10.1, 10.1.0.0/32",
    "10.1/16, 10.1.0.0/16",
    "0x0a000001, 10.0.0.1/32",
    "0x0a.0.0.1, 10.0.0.1/32",
    "10.0.0.01, 10.0.0.1/32",
    "10.0.0.1/255.255.0.0, 10.0.0.0/16",
    "10.0.0.1/033, 10.0.0.0/27",
    "10.0.5.20, 10.0.5.20/32"
  })
  void anAddressIsReadAsIptablesReadsIt(String written, String saved) {
    assertThat(loaded(written)).isEqualTo("-s " + saved);
  }

  @ParameterizedTest
  @CsvSource({"10.0.0.256", "1.2.3.4.5", "10..0.1", "0x"})
  void whatIptablesCannotReadIsRefusedWithTheLine(String written) {
    NatParseException error =
        catchThrowableOfType(
            () -> NatDump.parse("-A POSTROUTING -s " + written + " -j MASQUERADE\n"),
            NatParseException.class);

    assertThat(error.line()).isEqualTo(1);
  }

  @Test
  void anOctalAddressDecidesAsTheKernelDoes() {
    // 010.0.5.20 is 8.0.5.20 to iptables: it does not match a packet to 10.0.5.20.
    NatVerdict verdict = NatFixtures.evaluate("-A POSTROUTING -d 010.0.5.20 -j MASQUERADE\n");

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
  }
}
