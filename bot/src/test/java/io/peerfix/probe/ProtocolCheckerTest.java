package io.peerfix.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProtocolCheck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProtocolCheckerTest {
  private static TimedInput input(byte[] bytes) {
    return TimedInput.of(new ByteArrayInputStream(bytes));
  }

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
      } else {
        out.write((Integer) part);
      }
    }
    return out.toByteArray();
  }

  /** 'N', then an AuthenticationMD5Password request, as a real server answers a probe. */
  private static final byte[] N_THEN_AUTH = bytes((int) 'N', (int) 'R', 0, 0, 0, 12, 0, 0, 0, 5);

  @Test
  void theSslRequestIsLength8AndCode80877103ThenAStartupMessageFollowsN() throws IOException {
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    ProtocolChecker.postgres(input(N_THEN_AUTH), sent);
    byte[] all = sent.toByteArray();
    assertThat(java.util.Arrays.copyOf(all, 8)).containsExactly(0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f);
    // StartupMessage: its length, then protocol 3.0.
    assertThat(java.util.Arrays.copyOfRange(all, 8, 16))
        .containsExactly(0, 0, 0, all.length - 8, 0, 3, 0, 0);
  }

  @Test
  void nThenAnAuthenticationRequestIsPostgres() throws IOException {
    ProtocolCheck check = ProtocolChecker.postgres(input(N_THEN_AUTH), sink());
    assertThat(check.answered()).isTrue();
    assertThat(check.detail()).contains("'N'").contains("authentication request");
  }

  @Test
  void nThenAnErrorResponseIsPostgresWithItsMessage() throws IOException {
    byte[] body = bytes((int) 'S', "FATAL", 0, (int) 'M', "role \"peerfix-probe\" is absent", 0, 0);
    byte[] error = concat(bytes((int) 'N', (int) 'E', 0, 0, 0, body.length + 4), body);
    ProtocolCheck check = ProtocolChecker.postgres(input(error), sink());
    assertThat(check.answered()).isTrue();
    assertThat(check.detail()).endsWith("an error: role \"peerfix-probe\" is absent");
  }

  @Test
  void nThenSomethingElseIsNotPostgres() throws IOException {
    ProtocolCheck check =
        ProtocolChecker.postgres(input(bytes((int) 'N', "HTTP/1.1 400 Bad")), sink());
    assertThat(check.answered()).isFalse();
    assertThat(check.detail()).startsWith("something answered, not PostgreSQL: ");
  }

  @Test
  void nThenClosingIsNotPostgres() throws IOException {
    ProtocolCheck check = ProtocolChecker.postgres(input(bytes((int) 'N')), sink());
    assertThat(check.answered()).isFalse();
  }

  @Test
  void sThenSilenceIsPostgresOfferingTls() throws IOException {
    ProtocolCheck check = ProtocolChecker.postgres(input(bytes((int) 'S')), sink());
    assertThat(check.answered()).isTrue();
    assertThat(check.detail()).contains("'S' (TLS offered)");
  }

  @Test
  void anSshBannerIsNotPostgresAlthoughItStartsWithS() throws IOException {
    ProtocolCheck check = ProtocolChecker.postgres(input(bytes("SSH-2.0-OpenSSH_9.6\r\n")), sink());
    assertThat(check.answered()).isFalse();
    assertThat(check.detail()).startsWith("something answered, not PostgreSQL: ");
  }

  @Test
  void anyOtherByteIsNotPostgres() throws IOException {
    ProtocolCheck check = ProtocolChecker.postgres(input(new byte[] {'H'}), sink());
    assertThat(check.answered()).isFalse();
    assertThat(check.detail()).contains("0x48");
  }

  @Test
  void aServerThatClosesWithoutAnsweringEndsTheStream() {
    assertThatThrownBy(() -> ProtocolChecker.postgres(input(new byte[0]), sink()))
        .isInstanceOf(EOFException.class);
  }

  /**
   * A clock that moves 500 ms each time it is read: the check's deadline, not the wall, ends it.
   */
  private static Ticker fastClock() {
    long[] now = {0};
    return () -> now[0] += 500_000_000L;
  }

  @Test
  void aGreetingTrickledOneByteAtATimeEndsAtTheChecksDeadline() throws Exception {
    try (java.net.ServerSocket server =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Thread trickle =
          new Thread(
              () -> {
                try (java.net.Socket peer = server.accept()) {
                  OutputStream out = peer.getOutputStream();
                  out.write(new byte[] {0, 0x40, 0, 0}); // a 16,384-byte greeting announced
                  for (int i = 0; i < 16_384; i++) {
                    out.write(10);
                    out.flush();
                    Thread.sleep(5);
                  }
                } catch (IOException | InterruptedException e) {
                  // the check hung up: done
                }
              });
      trickle.start();
      try (java.net.Socket socket =
          new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.getLocalPort())) {
        ProtocolCheck check =
            ProtocolChecker.check(ProbeProtocol.MYSQL, socket, 2_000, fastClock());

        assertThat(check.answered()).isFalse();
        assertThat(check.detail())
            .contains("did not finish answering within 2000 ms")
            .startsWith("answered ");
      }
      trickle.join(10_000);
    }
  }

  @Test
  void aMysqlGreetingWithProtocol10IsAnAnswerWithTheServerVersion() throws IOException {
    ProtocolCheck check = ProtocolChecker.mysql(input(greeting("8.0.36")));
    assertThat(check)
        .isEqualTo(
            new ProtocolCheck(ProbeProtocol.MYSQL, true, "MySQL handshake, server version 8.0.36"));
  }

  @Test
  void aMysqlErrorPacketStillProvesAMysqlServer() throws IOException {
    byte[] message = "Host '10.244.1.5' is not allowed to connect".getBytes(StandardCharsets.UTF_8);
    byte[] packet = packet(concat(new byte[] {(byte) 0xff, 0x6a, 0x04}, message));
    ProtocolCheck check = ProtocolChecker.mysql(input(packet));
    assertThat(check.answered()).isTrue();
    assertThat(check.detail()).isEqualTo("MySQL answered with error 1130: " + new String(message));
  }

  @Test
  void anHttpServerIsNotMysql() throws IOException {
    byte[] http = "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(ProtocolChecker.mysql(input(http)).answered()).isFalse();
  }

  private static byte[] greeting(String version) {
    byte[] v = version.getBytes(StandardCharsets.US_ASCII);
    return packet(concat(concat(new byte[] {10}, v), new byte[] {0, 1, 2, 3, 4}));
  }

  private static byte[] packet(byte[] payload) {
    byte[] header = {(byte) payload.length, (byte) (payload.length >> 8), 0, 0};
    return concat(header, payload);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static ByteArrayOutputStream sink() {
    return new ByteArrayOutputStream();
  }
}
