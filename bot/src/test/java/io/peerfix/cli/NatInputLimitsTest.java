package io.peerfix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input over the size limit is refused with the limit and how to raise it, read with a bound. */
class NatInputLimitsTest {
  @TempDir Path dir;

  private static CliRun explain(String rules, String... more) {
    String[] base = {
      "nat", "explain", "--rules", rules, "--src", "10.244.1.5", "--dst", "10.0.5.20:5432"
    };
    String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return CliRun.of(args);
  }

  @Test
  void devZeroIsRefusedAtTheLimitNotReadForever() {
    CliRun run = explain("/dev/zero", "--max-input-mb", "1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("/dev/zero is larger than the limit of 1 MiB")
        .contains("--max-input-mb MB")
        .doesNotContain("Exception");
  }

  @Test
  void endlessStandardInputIsRefusedAtTheLimit() {
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return '-';
          }

          @Override
          public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) '-');
            return len;
          }
        };
    InputStream before = System.in;
    try {
      System.setIn(endless);
      CliRun run = explain("-", "--max-input-mb", "2");

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err())
          .contains("the standard input (--rules -) is larger than the limit of 2 MiB");
    } finally {
      System.setIn(before);
    }
  }

  @Test
  void aFileOverTheLimitIsRefusedAndOneUnderItIsRead() throws Exception {
    StringBuilder table = new StringBuilder("-N X\n");
    while (table.length() < 1_200_000) {
      table.append("-A X -s 192.0.2.1/32 -j RETURN\n");
    }
    table.append("-A POSTROUTING -o eth0 -j MASQUERADE\n");
    Path file = Files.writeString(dir.resolve("big.txt"), table);

    CliRun refused = explain(file.toString(), "--max-input-mb", "1");
    CliRun read = explain(file.toString(), "--max-input-mb", "2", "--node-ip", "172.20.1.10");

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("is larger than the limit of 1 MiB");
    assertThat(read.exitCode()).isEqualTo(0);
    assertThat(read.out()).startsWith("MASQUERADE");
  }

  @Test
  void anExhaustedJvmIsOneLineAndBadInput() {
    StringWriter err = new StringWriter();

    int code = ExitCodes.onExhausted(new StackOverflowError(), new PrintWriter(err));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("peerfix: the input nests too deeply").hasLineCount(1);
  }
}
