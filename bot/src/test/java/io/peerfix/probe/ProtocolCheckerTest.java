package io.peerfix.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProtocolCheck;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProtocolCheckerTest {
  @Test
  void theSslRequestIsLength8AndCode80877103() throws IOException {
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    ProtocolChecker.postgres(new ByteArrayInputStream(new byte[] {'N'}), sent);
    assertThat(sent.toByteArray()).containsExactly(0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f);
  }

  @Test
  void postgresAnsweringNIsAnAnswer() throws IOException {
    ProtocolCheck check =
        ProtocolChecker.postgres(new ByteArrayInputStream(new byte[] {'N'}), sink());
    assertThat(check.answered()).isTrue();
    assertThat(check.detail()).contains("'N'");
  }

  @Test
  void postgresAnsweringSIsAnAnswer() throws IOException {
    assertThat(
            ProtocolChecker.postgres(new ByteArrayInputStream(new byte[] {'S'}), sink()).answered())
        .isTrue();
  }

  @Test
  void anyOtherByteIsNotPostgres() throws IOException {
    ProtocolCheck check =
        ProtocolChecker.postgres(new ByteArrayInputStream(new byte[] {'H'}), sink());
    assertThat(check.answered()).isFalse();
    assertThat(check.detail()).contains("0x48");
  }

  @Test
  void aServerThatClosesWithoutAnsweringEndsTheStream() {
    assertThatThrownBy(
            () -> ProtocolChecker.postgres(new ByteArrayInputStream(new byte[0]), sink()))
        .isInstanceOf(EOFException.class);
  }

  @Test
  void aMysqlGreetingWithProtocol10IsAnAnswerWithTheServerVersion() throws IOException {
    ProtocolCheck check = ProtocolChecker.mysql(new ByteArrayInputStream(greeting("8.0.36")));
    assertThat(check)
        .isEqualTo(
            new ProtocolCheck(ProbeProtocol.MYSQL, true, "MySQL handshake, server version 8.0.36"));
  }

  @Test
  void aMysqlErrorPacketStillProvesAMysqlServer() throws IOException {
    byte[] message = "Host '10.244.1.5' is not allowed to connect".getBytes(StandardCharsets.UTF_8);
    byte[] packet = packet(concat(new byte[] {(byte) 0xff, 0x6a, 0x04}, message));
    ProtocolCheck check = ProtocolChecker.mysql(new ByteArrayInputStream(packet));
    assertThat(check.answered()).isTrue();
    assertThat(check.detail()).isEqualTo("MySQL answered with error 1130: " + new String(message));
  }

  @Test
  void anHttpServerIsNotMysql() throws IOException {
    byte[] http = "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(ProtocolChecker.mysql(new ByteArrayInputStream(http)).answered()).isFalse();
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
