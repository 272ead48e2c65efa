package io.peerfix.testbed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A client that runs inside a network namespace for a whole test run and makes one real connection
 * per line of standard input.
 *
 * <p>Input lines: {@code ID tcp|udp SRC_IP SRC_PORT DST_IP DST_PORT}. For each it binds the source
 * (address reuse on, so a port can be used again after a run), connects or sends with a short
 * timeout and prints one line {@code ID OK <what the receiver answered>}, {@code ID TIMEOUT},
 * {@code ID REFUSED} or {@code ID ERROR <reason>}. It prints {@code READY} first and exits at end
 * of input.
 */
public final class ProbeClientMain {
  static final int TIMEOUT_MILLIS = 1000;

  private ProbeClientMain() {}

  public static void main(String[] args) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
    System.out.println("READY");
    System.out.flush();
    String line;
    while ((line = in.readLine()) != null) {
      String[] f = line.trim().split("\\s+");
      if (f.length != 6) {
        System.out.println(f[0] + " ERROR bad request: " + line);
      } else {
        System.out.println(f[0] + " " + probe(f));
      }
      System.out.flush();
    }
  }

  private static String probe(String[] f) {
    try {
      InetSocketAddress src =
          new InetSocketAddress(InetAddress.getByName(f[2]), Integer.parseInt(f[3]));
      InetSocketAddress dst =
          new InetSocketAddress(InetAddress.getByName(f[4]), Integer.parseInt(f[5]));
      return "OK " + ("udp".equals(f[1]) ? udp(src, dst) : tcp(src, dst));
    } catch (SocketTimeoutException e) {
      return "TIMEOUT";
    } catch (ConnectException e) {
      return "REFUSED";
    } catch (IOException | RuntimeException e) {
      return "ERROR " + e;
    }
  }

  private static String tcp(InetSocketAddress src, InetSocketAddress dst) throws IOException {
    try (Socket socket = new Socket()) {
      socket.setReuseAddress(true);
      socket.bind(src);
      socket.connect(dst, TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String answer = reader.readLine();
      if (answer == null) {
        throw new SocketTimeoutException("closed without an answer");
      }
      return answer;
    }
  }

  private static String udp(InetSocketAddress src, InetSocketAddress dst) throws IOException {
    try (DatagramSocket socket = new DatagramSocket(null)) {
      socket.setReuseAddress(true);
      socket.bind(src);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      byte[] hello = "probe".getBytes(StandardCharsets.US_ASCII);
      socket.send(new DatagramPacket(hello, hello.length, dst));
      byte[] buffer = new byte[512];
      DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
      socket.receive(answer);
      return new String(buffer, 0, answer.getLength(), StandardCharsets.US_ASCII);
    }
  }
}
