package io.peerfix.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8BytesTest {
  private static final String RULES =
      "-N ÉQUIPE\n"
          + "-A POSTROUTING -m comment --comment \"règle ✓\" -j ÉQUIPE\n"
          + "-A ÉQUIPE -d 10.0.5.20/32 -j MASQUERADE\n";

  @Test
  void parsingFileBytesGivesTheSameTableAsParsingText() {
    NatTable fromBytes = NatDump.parse(RULES.getBytes(StandardCharsets.UTF_8));
    NatTable fromText = NatDump.parse(RULES);

    assertThat(fromBytes.chain("POSTROUTING").rules().get(0).text())
        .isEqualTo("-A POSTROUTING -m comment --comment \"règle ✓\" -j ÉQUIPE")
        .isEqualTo(fromText.chain("POSTROUTING").rules().get(0).text());
    assertThat(fromBytes.chain("ÉQUIPE").rules()).hasSize(1);
  }

  @Test
  void bytesEvaluateLikeText() {
    NatVerdict verdict =
        NatEvaluator.evaluate(
            NatDump.parse(RULES.getBytes(StandardCharsets.UTF_8)),
            NatFixtures.POD_TO_DB,
            NodeContext.of(NatFixtures.NODE_IP));

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.decidingRule().chain()).isEqualTo("ÉQUIPE");
  }

  @Test
  void binaryBytesAreRefused() {
    byte[] binary = {'-', 'A', ' ', 0, 1, 2, (byte) 0xff, '\n'};

    NatParseException error =
        catchThrowableOfType(() -> NatDump.parse(binary), NatParseException.class);

    assertThat(error.getMessage()).contains("binary");
    assertThat(error.line()).isEqualTo(1);
  }
}
