package io.peerfix.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.peerfix.common.UserInputException;
import org.junit.jupiter.api.Test;

class BadInputTest {
  private static NatParseException parseError(String text) {
    return catchThrowableOfType(() -> NatDump.parse(text), NatParseException.class);
  }

  @Test
  void anUnknownOptionNamesTheLineTheOptionAndTheText() {
    String text = "-N X\n-A X -j RETURN\n" + "\n".repeat(4) + "-A POSTROUTING --foo -j X\n";

    NatParseException error = parseError(text);

    assertThat(error).isInstanceOf(UserInputException.class);
    assertThat(error.line()).isEqualTo(7);
    assertThat(error.getMessage())
        .isEqualTo("line 7: unknown option \"--foo\" in \"-A POSTROUTING --foo -j X\"");
  }

  @Test
  void aTruncatedSaveDumpWithoutCommitIsRefused() {
    NatParseException error =
        parseError("*nat\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -o eth0 -j MASQUERADE\n");

    assertThat(error.getMessage()).contains("no COMMIT").contains("truncated");
    assertThat(error.line()).isEqualTo(3);
  }

  @Test
  void aJumpToAChainNeverDeclaredIsRefusedWithItsLine() {
    NatParseException error = parseError("-A POSTROUTING -j KUBE-NOWHERE\n");

    assertThat(error.line()).isEqualTo(1);
    assertThat(error.getMessage()).contains("KUBE-NOWHERE").contains("never declared");
  }

  @Test
  void aSaveDumpRuleInAChainNeverDeclaredIsRefusedWithItsLine() {
    NatParseException error =
        parseError(
            "*nat\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -o eth0 -j MASQUERADE\n"
                + "-A PF-EXTRA -j RETURN\nCOMMIT\n");

    assertThat(error.line()).isEqualTo(4);
    assertThat(error.getMessage())
        .contains("chain PF-EXTRA does not exist")
        .contains(":PF-EXTRA - [0:0]");
  }

  @Test
  void garbageIsRefusedAsNotADump() {
    NatParseException error = parseError("hello world\nthis is not iptables\n");

    assertThat(error.line()).isEqualTo(1);
    assertThat(error.getMessage()).contains("not a nat table dump");
  }

  @Test
  void aMalformedAddressIsReportedWithItsLine() {
    NatParseException error =
        parseError(
            "-A POSTROUTING -o eth0 -j RETURN\n-A POSTROUTING -d 10.0.0.300/8 -j MASQUERADE\n");

    assertThat(error.line()).isEqualTo(2);
    assertThat(error.getMessage()).contains("bad address \"10.0.0.300/8\"");
  }

  @Test
  void anIpv6AddressIsRefusedClearly() {
    NatParseException error = parseError("-A POSTROUTING -d fd00::/8 -j MASQUERADE\n");

    assertThat(error.getMessage()).contains("IPv6");
  }

  @Test
  void aTenMegabyteLineIsRefusedWithItsTextCut() {
    String huge = "-A POSTROUTING -m comment --comment " + "x".repeat(10 * 1024 * 1024) + "\n";

    NatParseException error = parseError("-A POSTROUTING -j RETURN\n" + huge);

    assertThat(error.line()).isEqualTo(2);
    assertThat(error.getMessage()).contains("characters long");
    assertThat(error.lineText().length()).isLessThan(300);
  }

  @Test
  void binaryDataIsRefusedNamingTheLine() {
    String binary = "-A POSTROUTING -j RETURN\n-A POST\u0000\u0001ROUTING \u0000\u00ff\n";

    NatParseException error = parseError(binary);

    assertThat(error.line()).isEqualTo(2);
    assertThat(error.getMessage()).contains("binary").contains("column 8");
    // Only the text before the binary part is echoed back.
    assertThat(error.lineText()).isEqualTo("-A POST");
  }

  @Test
  void binaryDataFromTheFirstLineIsRefused() {
    NatParseException error = parseError("\u0089PNG\r\n\u001a\n\u0000\u0000");

    assertThat(error.getMessage()).contains("binary");
  }

  @Test
  void emptyInputIsRefused() {
    assertThat(parseError("\n  \n").getMessage()).contains("empty");
  }

  @Test
  void aFilterTableListingIsRefusedWithAHint() {
    NatParseException error =
        parseError(
            "Chain FORWARD (policy DROP)\ntarget     prot opt source               destination\n");

    assertThat(error.getMessage()).contains("filter table").contains("-t nat");
  }

  @Test
  void aSaveDumpWithoutNatTableIsRefused() {
    NatParseException error = parseError("*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n");

    assertThat(error.getMessage()).contains("no *nat table");
  }

  @Test
  void missingOptionValuesUnclosedQuotesAndBadPortsAreRefused() {
    assertThat(parseError("-A POSTROUTING -d\n").getMessage()).contains("needs a value");
    assertThat(parseError("-A POSTROUTING -m comment --comment \"open\n").getMessage())
        .contains("unclosed quote");
    assertThat(parseError("-A POSTROUTING -p tcp --dport 70000 -j RETURN\n").getMessage())
        .contains("bad port");
    assertThat(parseError("-A POSTROUTING -p foo -j RETURN\n").getMessage())
        .contains("unknown protocol");
    assertThat(parseError("-A POSTROUTING -j SNAT\n").getMessage()).contains("--to-source");
  }

  @Test
  void aMalformedListingRowNamesItsLine() {
    NatParseException error =
        parseError(
            "Chain POSTROUTING (policy ACCEPT)\n"
                + "target     prot opt source               destination\n"
                + "MASQUERADE  all  --  anywhere             anywhere\n");

    assertThat(error.line()).isEqualTo(3);
    assertThat(error.getMessage()).contains("-n");
  }

  @Test
  void aBadPacketAddressIsAUserInputError() {
    assertThat(
            catchThrowableOfType(
                () -> Packet.forwarded("10.0.0.1", "fd00::1", 80), UserInputException.class))
        .hasMessageContaining("IPv6");
    assertThat(
            catchThrowableOfType(
                () -> Packet.forwarded("nonsense", "10.0.0.1", 80), UserInputException.class))
        .hasMessageContaining("not an IPv4 address");
  }
}
