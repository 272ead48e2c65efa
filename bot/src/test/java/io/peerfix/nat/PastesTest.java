package io.peerfix.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Tables as people paste them are accepted, what was skipped is said, garbage is still refused. */
class PastesTest {
  private static final String SEED_S =
      "-P POSTROUTING ACCEPT\n-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE\n";

  private static NatVerdict explain(String paste) {
    return NatEvaluator.evaluate(
        NatDump.parse(paste.getBytes(StandardCharsets.UTF_8)),
        NatFixtures.POD_TO_DB,
        NodeContext.of(NatFixtures.NODE_IP));
  }

  private static NatVerdict seedAnswer() {
    return explain(SEED_S);
  }

  @Test
  void aShellPromptAndCommandFirstLineIsSkippedAndSaid() {
    for (String prompt :
        new String[] {
          "$ sudo iptables -t nat -S", "root@node-1:~# iptables -t nat -S",
          "[root@ip-10-0-1-5 ~]# iptables -t nat -S", "PS C:\\> ssh node iptables -t nat -S"
        }) {
      NatVerdict verdict = explain(prompt + "\n" + SEED_S);

      assertThat(verdict.action()).as(prompt).isEqualTo(seedAnswer().action());
      assertThat(verdict.trace()).isEqualTo(seedAnswer().trace());
      assertThat(verdict.notes())
          .anyMatch(n -> n.startsWith("skipped what is not iptables output: line 1 (the shell"));
    }
  }

  @Test
  void elisionLinesAreSkippedInEveryForm() {
    String listing =
        "Chain POSTROUTING (policy ACCEPT 78 packets, 4680 bytes)\n"
            + " pkts bytes target     prot opt in     out     source         destination\n"
            + "# [...]\n"
            + "87316 5451K MASQUERADE  all  --  *      eth0    0.0.0.0/0     !10.0.0.0/8\n"
            + "...\n";
    String save =
        "*nat\n:POSTROUTING ACCEPT [0:0]\n# [...]\n"
            + "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE\n[...]\nCOMMIT\n";

    assertThat(explain(listing).trace()).isEqualTo(seedAnswer().trace());
    assertThat(explain(save).trace()).isEqualTo(seedAnswer().trace());
    assertThat(explain(listing).notes())
        .anyMatch(n -> n.contains("line 3 (an elision: \"# [...]\")"));
    assertThat(explain("-P POSTROUTING ACCEPT\n# [...]\n" + SEED_S).action())
        .isEqualTo(NatAction.NONE);
  }

  @Test
  void windowsLineEndingsAndInvisibleLeadingCharactersAreAccepted() {
    String crlf = SEED_S.replace("\n", "\r\n");

    assertThat(explain(crlf).trace()).isEqualTo(seedAnswer().trace());
    for (String invisible : new String[] {"\uFEFF", "\u200B", "\u00A0\u2060"}) {
      NatVerdict verdict = explain(invisible + SEED_S);

      assertThat(verdict.trace()).isEqualTo(seedAnswer().trace());
      assertThat(verdict.notes()).anyMatch(n -> n.contains("invisible characters"));
    }
  }

  @Test
  void realGarbageIsStillRefusedWithItsLineAndText() {
    NatParseException error =
        catchThrowableOfType(
            () -> NatDump.parse("$ sudo iptables -t nat -S\n-P POSTROUTING ACCEPT\nhello world\n"),
            NatParseException.class);

    assertThat(error.line()).isEqualTo(3);
    assertThat(error.lineText()).isEqualTo("hello world");
  }

  @Test
  void aPromptThatIsNotTheFirstMeaningfulLineIsNotSkipped() {
    NatParseException error =
        catchThrowableOfType(
            () -> NatDump.parse("-P POSTROUTING ACCEPT\n$ sudo iptables -t nat -S\n"),
            NatParseException.class);

    assertThat(error.line()).isEqualTo(2);
  }

  @Test
  void aCommentNamingIptablesIsAComment() {
    NatTable table =
        NatDump.parse(
            "# a payload for iptables-restore --noflush\n*nat\n-A POSTROUTING -j MASQUERADE\n"
                + "COMMIT\n");
    NatTable prompted =
        NatDump.parse("# iptables-save -t nat\n*nat\n-A POSTROUTING -j MASQUERADE\nCOMMIT\n");

    assertThat(table.warnings()).isEmpty();
    assertThat(prompted.warnings()).anyMatch(w -> w.contains("the shell prompt and command"));
  }

  @Test
  void elisionsDeepInALargeTableAreSkippedWithTheirLineNumbers() {
    StringBuilder save = new StringBuilder("*nat\n:POSTROUTING ACCEPT [0:0]\n:KUBE-A - [0:0]\n");
    for (int i = 0; i < 2000; i++) {
      // Dots everywhere, "..." and "…" inside long lines: none of these is an elision.
      save.append("-A KUBE-A -d 10.96.")
          .append(i % 250)
          .append(".1/32 -m comment --comment \"ns/svc... \u2026 0.3333333333\" -j RETURN\n");
      if (i == 700) {
        save.append("...\n");
      }
      if (i == 1500) {
        save.append("  # [\u2026]\r\n");
      }
    }
    save.append("-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE\n\u2026\nCOMMIT\n");

    NatVerdict verdict = explain(save.toString());

    assertThat(verdict.trace()).isEqualTo(seedAnswer().trace());
    assertThat(verdict.notes())
        .containsExactly(
            "skipped what is not iptables output: line 705 (an elision: \"...\"); line 1506 (an"
                + " elision: \"# [\u2026]\"); line 2007 (an elision: \"\u2026\")");
  }
}
