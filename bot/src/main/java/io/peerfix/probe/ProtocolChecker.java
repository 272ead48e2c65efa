package io.peerfix.probe;

import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProtocolCheck;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Proves that a database, not just something listening, answered on a connected socket.
 *
 * <p>PostgreSQL: the 8-byte SSLRequest (length 8, code 80877103), answered by a real server with
 * one byte, 'S' or 'N'. MySQL: the server speaks first with its handshake packet (protocol version
 * 10) or an error packet (0xFF), either of which proves a MySQL server.
 */
final class ProtocolChecker {
  private static final byte[] SSL_REQUEST = {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f};

  private ProtocolChecker() {}

  /** The check for {@code protocol}, or null for plain TCP (nothing to check). */
  static ProtocolCheck check(ProbeProtocol protocol, Socket socket, long timeoutMillis) {
    if (protocol == ProbeProtocol.TCP) {
      return null;
    }
    try {
      socket.setSoTimeout((int) timeoutMillis);
      return protocol == ProbeProtocol.POSTGRES
          ? postgres(socket.getInputStream(), socket.getOutputStream())
          : mysql(socket.getInputStream());
    } catch (SocketTimeoutException e) {
      return new ProtocolCheck(
          protocol,
          false,
          "accepted the connection but said nothing within " + timeoutMillis + " ms");
    } catch (EOFException e) {
      return new ProtocolCheck(protocol, false, "closed the connection without answering");
    } catch (IOException e) {
      return new ProtocolCheck(
          protocol, false, "connection failed while talking: " + e.getMessage());
    }
  }

  static ProtocolCheck postgres(InputStream in, OutputStream out) throws IOException {
    out.write(SSL_REQUEST);
    out.flush();
    int answer = in.read();
    if (answer < 0) {
      throw new EOFException();
    }
    return switch (answer) {
      case 'S' ->
          new ProtocolCheck(
              ProbeProtocol.POSTGRES,
              true,
              "PostgreSQL answered the SSLRequest with 'S' (TLS offered)");
      case 'N' ->
          new ProtocolCheck(
              ProbeProtocol.POSTGRES, true, "PostgreSQL answered the SSLRequest with 'N' (no TLS)");
      default ->
          new ProtocolCheck(
              ProbeProtocol.POSTGRES,
              false,
              String.format(
                  "answered 0x%02x, which is not a PostgreSQL reply to SSLRequest", answer));
    };
  }

  static ProtocolCheck mysql(InputStream raw) throws IOException {
    DataInputStream in = new DataInputStream(raw);
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
