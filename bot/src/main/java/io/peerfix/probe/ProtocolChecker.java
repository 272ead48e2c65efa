package io.peerfix.probe;

import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProtocolCheck;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Proves that a database, not just something listening, answered on a connected socket. The whole
 * check ends within its timeout whatever the server does ({@link TimedInput}).
 *
 * <p>PostgreSQL: the 8-byte SSLRequest (length 8, code 80877103). A real server answers with one
 * byte and then waits: 'S' (TLS offered; it sends nothing more until a TLS ClientHello) or 'N'.
 * After 'N' the check sends a StartupMessage (protocol 3.0, user and database "peerfix-probe"),
 * which a real server answers with an authentication request ('R') or an error ('E', e.g. no such
 * role: the server may log that). Anything else, such as an SSH server whose banner starts with
 * 'S', is "something answered, not PostgreSQL". MySQL: the server speaks first with its handshake
 * packet (protocol version 10) or an error packet (0xFF), either of which proves a MySQL server.
 */
final class ProtocolChecker {
  private static final byte[] SSL_REQUEST = {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f};

  /** How long a server that answered 'S' must then stay silent (a real one waits for TLS). */
  static final long QUIET_AFTER_S_MILLIS = 200;

  private static final String NOT_POSTGRES = "something answered, not PostgreSQL: ";

  private ProtocolChecker() {}

  /** The check for {@code protocol}, or null for plain TCP (nothing to check). */
  static ProtocolCheck check(ProbeProtocol protocol, Socket socket, long timeoutMillis) {
    return check(protocol, socket, timeoutMillis, Ticker.system());
  }

  static ProtocolCheck check(
      ProbeProtocol protocol, Socket socket, long timeoutMillis, Ticker ticker) {
    if (protocol == ProbeProtocol.TCP) {
      return null;
    }
    TimedInput in = null;
    try {
      in = TimedInput.of(socket, ticker, timeoutMillis);
      return protocol == ProbeProtocol.POSTGRES
          ? postgres(in, socket.getOutputStream())
          : mysql(in);
    } catch (SocketTimeoutException e) {
      return new ProtocolCheck(
          protocol,
          false,
          in.received() == 0
              ? "accepted the connection but said nothing within " + timeoutMillis + " ms"
              : "answered "
                  + in.received()
                  + " bytes but did not finish answering within "
                  + timeoutMillis
                  + " ms");
    } catch (EOFException e) {
      return new ProtocolCheck(protocol, false, "closed the connection without answering");
    } catch (IOException e) {
      return new ProtocolCheck(
          protocol, false, "connection failed while talking: " + e.getMessage());
    }
  }

  static ProtocolCheck postgres(TimedInput in, OutputStream out) throws IOException {
    out.write(SSL_REQUEST);
    out.flush();
    int answer = in.read();
    if (answer < 0) {
      throw new EOFException();
    }
    if (answer == 'S') {
      return in.quietFor(QUIET_AFTER_S_MILLIS)
          ? postgresAnswer("answered the SSLRequest with 'S' (TLS offered) and then waited")
          : notPostgres(
              "its first byte was 'S' but more followed (a real PostgreSQL sends the one byte and"
                  + " waits; an SSH banner starts with 'S')");
    }
    if (answer != 'N') {
      return notPostgres(
          String.format("it answered the SSLRequest with 0x%02x, not 'S' or 'N'", answer));
    }
    out.write(startupMessage());
    out.flush();
    int type = in.read();
    if (type < 0) {
      return notPostgres("it answered 'N' and then closed on the startup message");
    }
    byte[] length = new byte[4];
    in.readFully(length);
    int size =
        (length[0] & 0xff) << 24
            | (length[1] & 0xff) << 16
            | (length[2] & 0xff) << 8
            | length[3] & 0xff;
    if (type == 'R' && size >= 8 && size <= 4096) {
      return postgresAnswer(
          "answered the SSLRequest with 'N' (no TLS) and the startup message with an"
              + " authentication request");
    }
    if (type == 'E' && size >= 5 && size <= 8192) {
      byte[] body = new byte[size - 4];
      in.readFully(body);
      return postgresAnswer(
          "answered the SSLRequest with 'N' (no TLS) and the startup message with an error: "
              + errorMessage(body));
    }
    return notPostgres(
        String.format(
            "it answered 'N' and then the startup message with 0x%02x (length %d), not an"
                + " authentication request or error",
            type, size));
  }

  /** StartupMessage: length, protocol 3.0, user and database, terminated by an empty name. */
  private static byte[] startupMessage() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String s : new String[] {"user", "peerfix-probe", "database", "peerfix-probe"}) {
      body.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
      body.write(0);
    }
    body.write(0);
    int length = body.size() + 8;
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(new byte[] {(byte) (length >> 24), (byte) (length >> 16), (byte) (length >> 8)});
    all.write(length);
    all.writeBytes(new byte[] {0, 3, 0, 0});
    all.writeBytes(body.toByteArray());
    return all.toByteArray();
  }

  /** The 'M' (message) field of an ErrorResponse body, cut short. */
  private static String errorMessage(byte[] body) {
    int i = 0;
    while (i < body.length && body[i] != 0) {
      int end = i + 1;
      while (end < body.length && body[end] != 0) {
        end++;
      }
      if (body[i] == 'M') {
        String text = new String(body, i + 1, end - i - 1, StandardCharsets.UTF_8);
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
      }
      i = end + 1;
    }
    return "(no message)";
  }

  private static ProtocolCheck postgresAnswer(String what) {
    return new ProtocolCheck(ProbeProtocol.POSTGRES, true, "PostgreSQL " + what);
  }

  private static ProtocolCheck notPostgres(String why) {
    return new ProtocolCheck(ProbeProtocol.POSTGRES, false, NOT_POSTGRES + why);
  }

  static ProtocolCheck mysql(TimedInput in) throws IOException {
    byte[] header = new byte[4];
    in.readFully(header);
    int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
    if (length < 1 || length > 16_384) {
      return new ProtocolCheck(
          ProbeProtocol.MYSQL,
          false,
          "sent a packet of length " + length + ", not a MySQL greeting");
    }
    byte[] payload = new byte[length];
    in.readFully(payload);
    int first = payload[0] & 0xff;
    if (first == 10) {
      return new ProtocolCheck(
          ProbeProtocol.MYSQL, true, "MySQL handshake, server version " + cString(payload, 1));
    }
    if (first == 0xff && length >= 3) {
      int code = (payload[1] & 0xff) | (payload[2] & 0xff) << 8;
      String message = new String(payload, 3, length - 3, StandardCharsets.UTF_8);
      return new ProtocolCheck(
          ProbeProtocol.MYSQL, true, "MySQL answered with error " + code + ": " + message.strip());
    }
    return new ProtocolCheck(
        ProbeProtocol.MYSQL,
        false,
        String.format("greeting starts with 0x%02x, not MySQL protocol version 10", first));
  }

  private static String cString(byte[] bytes, int from) {
    int end = from;
    while (end < bytes.length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, from, end - from, StandardCharsets.UTF_8);
  }
}
