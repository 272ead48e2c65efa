package io.peerfix.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Large dumps are parsed with helper threads; the result must not depend on it. */
class ParallelParseTest {
  private static String kubeProxyShaped(int services, String extraLastRule) {
    StringBuilder out =
        new StringBuilder(
            "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m weird --opt x -j ACCEPT\nCOMMIT\n");
    out.append(
        "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n");
    out.append(":KUBE-SERVICES - [0:0]\n:KUBE-MARK-MASQ - [0:0]\n:KUBE-POSTROUTING - [0:0]\n");
    for (int s = 0; s < services; s++) {
      out.append(":KUBE-SVC-")
          .append(s)
          .append(" - [0:0]\n:KUBE-SEP-")
          .append(s)
          .append(" - [0:0]\n");
    }
    out.append("-A PREROUTING -j KUBE-SERVICES\n-A POSTROUTING -j KUBE-POSTROUTING\n");
    out.append("-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n");
    out.append("-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN\n");
    out.append("-A KUBE-POSTROUTING -j MASQUERADE --random-fully\n");
    for (int s = 0; s < services; s++) {
      String ip = "172.16." + (s / 250) + "." + (s % 250);
      out.append("-A KUBE-SERVICES -d ")
          .append(ip)
          .append("/32 -p tcp -m comment --comment \"ns/svc")
          .append(s)
          .append("\" -m tcp --dport 80 -j KUBE-SVC-")
          .append(s)
          .append('\n');
      out.append("-I KUBE-SVC-").append(s).append(" 1 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ\n");
      out.append("-A KUBE-SVC-").append(s).append(" -j KUBE-SEP-").append(s).append('\n');
      out.append("[1:2] -A KUBE-SEP-")
          .append(s)
          .append(" -p tcp -m tcp -j DNAT --to-destination 10.244.")
          .append(s / 250)
          .append('.')
          .append(s % 250)
          .append(":8080\n");
    }
    out.append(extraLastRule).append("COMMIT\n");
    return out.toString();
  }

  private static List<String> describe(NatTable table) {
    List<String> all = new ArrayList<>();
    for (Chain chain : table.chains()) {
      for (Rule rule : chain.rules()) {
        all.add(
            chain.name()
                + "#"
                + rule.index()
                + "@"
                + rule.line()
                + " "
                + rule.text()
                + " "
                + rule.target());
      }
    }
    return all;
  }

  /** The helpers' executor, as the CLI or the agent lends one. */
  private static final ExecutorService THREADS = Executors.newFixedThreadPool(3);

  private static final ParseHelpers POOL = new ParseHelpers(THREADS, 3);

  @AfterAll
  static void stopThreads() {
    THREADS.shutdownNow();
  }

  private static List<String> parsedWith(ParseHelpers helpers) {
    DumpText dump = DumpText.of(kubeProxyShaped(3000, ""));
    return describe(new CommandDumpParser(dump, DumpFormat.IPTABLES_SAVE, 0, helpers).parse());
  }

  private static List<String> parsedAlone() {
    return parsedWith(ParseHelpers.NONE);
  }

  @Test
  void anExecutorThatNeverRunsTheHelpersOnlyMakesTheMainPassParseThoseSlices() {
    List<Runnable> neverRun = new ArrayList<>();

    assertThat(parsedWith(new ParseHelpers(neverRun::add, 3))).isEqualTo(parsedAlone());
    assertThat(neverRun).hasSize(3);
  }

  @Test
  void anExecutorThatRefusesTheHelpersOnlyMakesTheMainPassParseThoseSlices() {
    Executor refusing =
        task -> {
          throw new RejectedExecutionException("full");
        };

    assertThat(parsedWith(new ParseHelpers(refusing, 3))).isEqualTo(parsedAlone());
  }

  @Test
  void helpersRunOnTheCallersThreadGiveTheSameTable() {
    assertThat(parsedWith(new ParseHelpers(Runnable::run, 3))).isEqualTo(parsedAlone());
  }

  @Test
  void helperThreadsGiveTheSameTableAsOneThread() {
    DumpText dump = DumpText.of(kubeProxyShaped(3000, ""));

    NatTable parallel = new CommandDumpParser(dump, DumpFormat.IPTABLES_SAVE, 0, POOL).parse();
    NatTable sequential =
        new CommandDumpParser(dump, DumpFormat.IPTABLES_SAVE, Integer.MAX_VALUE, ParseHelpers.NONE)
            .parse();

    assertThat(describe(parallel)).isEqualTo(describe(sequential)).hasSize(5 + 4 * 3000);
  }

  @Test
  void helperThreadsGiveTheSameVerdict() {
    DumpText dump = DumpText.of(kubeProxyShaped(3000, ""));
    Packet fromNode = Packet.builder().src("172.20.1.10").dst("172.16.11.249").dstPort(80).build();

    NatVerdict verdict =
        NatEvaluator.evaluate(
            new CommandDumpParser(dump, DumpFormat.IPTABLES_SAVE, 0, POOL).parse(),
            fromNode,
            NodeContext.of("172.20.1.10"));

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.destinationAfter()).hasToString("10.244.11.249");
  }

  @Test
  void anErrorInALaterSliceIsReportedWithItsLine() {
    String text = kubeProxyShaped(3000, "-A KUBE-SERVICES -d 10.0.0.1/40 -j RETURN\n");
    int expectedLine = (int) text.lines().count() - 1;

    NatParseException error =
        catchThrowableOfType(
            () ->
                new CommandDumpParser(DumpText.of(text), DumpFormat.IPTABLES_SAVE, 0, POOL).parse(),
            NatParseException.class);

    assertThat(error.line()).isEqualTo(expectedLine);
    assertThat(error.getMessage()).contains("bad address \"10.0.0.1/40\"");
  }
}
