package io.peerfix.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.exec.CommandResult;
import io.peerfix.facts.ConnectOutcome;
import io.peerfix.facts.DnsStatus;
import io.peerfix.facts.ProbeResult;
import io.peerfix.net.Ipv4;
import io.peerfix.testing.PeerfixJar;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe as a whole process against loopback listeners: nothing leaves the machine. */
class ProbeLoopbackIT {
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static ProbeResult json(CommandResult run) {
    return ProbeJson.read(run.stdout(), ProbeResult.class);
  }

  @Test
  void aClosedPortIsRefusedAndExitsOne() throws IOException {
    CommandResult run =
        PeerfixJar.run(
            "probe", "--host", "127.0.0.1", "--port", "" + freePort(), "--timeout", "1s");
    assertThat(run.exitCode()).isEqualTo(1);
    ProbeResult result = json(run);
    assertThat(result.attempts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.outcome()).isEqualTo(ConnectOutcome.REFUSED);
              assertThat(a.localAddress()).isEqualTo(Ipv4.parse("127.0.0.1"));
            });
    assertThat(result.reachable()).isFalse();
  }

  @Test
  void aLiteralAddressIsNotLookedUp() throws IOException {
    CommandResult run =
        PeerfixJar.run(
            "probe", "--host", "127.0.0.1", "--port", "" + freePort(), "--timeout", "1s");
    assertThat(json(run).dns().status()).isEqualTo(DnsStatus.LITERAL);
  }

  @Test
  void aListenerThatNeverSpeaksIsNotPostgres() throws IOException {
    // The kernel completes the handshake for the backlog; nobody ever answers.
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      CommandResult run =
          PeerfixJar.run(
              "probe",
              "--host",
              "127.0.0.1",
              "--port",
              "" + silent.getLocalPort(),
              "--protocol",
              "postgres",
              "--timeout",
              "500ms");
      ProbeResult result = json(run);
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(result.attempts().get(0).outcome()).isEqualTo(ConnectOutcome.CONNECTED);
      assertThat(result.protocolCheck().answered()).isFalse();
      assertThat(result.protocolCheck().detail()).contains("said nothing within 500 ms");
    }
  }

  @Test
  void aListenerThatNeverSpeaksIsNotMysql() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      CommandResult run =
          PeerfixJar.run(
              "probe",
              "--host",
              "127.0.0.1",
              "--port",
              "" + silent.getLocalPort(),
              "--protocol",
              "mysql",
              "--timeout",
              "500ms");
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(json(run).protocolCheck().answered()).isFalse();
    }
  }

  /** A loopback server that runs {@code talk} on its first connection, in the background. */
  private static Thread serveOnce(ServerSocket server, Talk talk) {
    Thread thread =
        new Thread(
            () -> {
              try (java.net.Socket peer = server.accept()) {
                talk.on(peer.getOutputStream());
              } catch (IOException | InterruptedException e) {
                // the probe hung up: done
              }
            });
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private interface Talk {
    void on(java.io.OutputStream out) throws IOException, InterruptedException;
  }

  @Test
  void anSshServerIsSomethingThatAnsweredNotPostgres() throws IOException {
    try (ServerSocket ssh = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      serveOnce(
          ssh,
          out -> {
            out.write("SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n".getBytes());
            out.flush();
            Thread.sleep(3_000);
          });
      CommandResult run =
          PeerfixJar.run(
              "probe",
              "--host",
              "127.0.0.1",
              "--port",
              "" + ssh.getLocalPort(),
              "--protocol",
              "postgres",
              "--timeout",
              "2s");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(json(run).protocolCheck().answered()).isFalse();
      assertThat(json(run).protocolCheck().detail())
          .startsWith("something answered, not PostgreSQL: ");
    }
  }

  @Test
  void aMysqlGreetingTrickledSlowerThanTheTimeoutEndsAtTheProbesBound() throws IOException {
    // Announces a 16,384-byte greeting and sends one byte every 1.5 s: a per-read timeout of 2 s
    // would let it run for hours; the check's one deadline ends it after 2 s.
    try (ServerSocket slow = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      serveOnce(
          slow,
          out -> {
            out.write(new byte[] {0, 0x40, 0, 0, 10});
            out.flush();
            for (int i = 0; i < 16_384; i++) {
              Thread.sleep(1_500);
              out.write('8');
              out.flush();
            }
          });
      CommandResult run =
          PeerfixJar.run(
              "probe",
              "--host",
              "127.0.0.1",
              "--port",
              "" + slow.getLocalPort(),
              "--protocol",
              "mysql",
              "--timeout",
              "2s");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(json(run).protocolCheck().answered()).isFalse();
      assertThat(json(run).protocolCheck().detail())
          .contains("but did not finish answering within 2000 ms");
    }
  }

  @Test
  void aPlainTcpListenerIsReachableAndExitsZero() throws IOException {
    try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      CommandResult run =
          PeerfixJar.run("probe", "--host", "127.0.0.1", "--port", "" + listener.getLocalPort());
      assertThat(run.exitCode()).isEqualTo(0);
      assertThat(json(run).sourceAddress()).isEqualTo(Ipv4.parse("127.0.0.1"));
    }
  }

  @Test
  void theSameJsonGoesToTheTerminationMessage(@TempDir Path dir) throws IOException {
    Path log = dir.resolve("termination-log");
    CommandResult run =
        PeerfixJar.run(
            "probe",
            "--host",
            "127.0.0.1",
            "--port",
            "" + freePort(),
            "--timeout",
            "1s",
            "--termination-log",
            log.toString());
    assertThat(log).exists();
    assertThat(Files.readString(log)).isEqualTo(run.stdout().strip());
  }

  @Test
  void aBadTimeoutIsBadInputWithAClearMessage() {
    CommandResult run =
        PeerfixJar.run("probe", "--host", "127.0.0.1", "--port", "5432", "--timeout", "2x");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("bad --timeout '2x'").doesNotContain("Exception");
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void aBadPortIsBadInput() {
    CommandResult run = PeerfixJar.run("probe", "--host", "127.0.0.1", "--port", "0");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("bad --port 0");
  }
}
