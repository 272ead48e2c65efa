package io.peerfix.testbed;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A receiver that runs inside a network namespace for a whole test run and tells every caller which
 * addresses it really saw: {@code peer=IP:PORT local=IP:PORT}.
 *
 * <p>Arguments: a comma-separated list of ports and a comma-separated list of local addresses. TCP
 * listens on the wildcard address of each port; UDP binds each (address, port) pair so the answer
 * can name the local address a datagram arrived on (Java has no IP_PKTINFO). It prints {@code
 * READY} once everything is bound and exits when its standard input closes, so it never outlives
 * the test that started it.
 */
public final class ProbeReceiverMain {
  private ProbeReceiverMain() {}

  public static void main(String[] args) throws IOException {
    List<Integer> ports = new ArrayList<>();
    for (String p : args[0].split(",")) {
      ports.add(Integer.parseInt(p));
    }
    List<DatagramSocket> udp = new ArrayList<>();
    for (int port : ports) {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(port), 256);
      daemon(() -> serveTcp(server));
      for (String address : args[1].split(",")) {
        udp.add(new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), port)));
      }
    }
    udp.forEach(socket -> daemon(() -> serveUdp(socket)));
    System.out.println("READY");
    System.out.flush();
    // Ends with the test: the harness closes our stdin (or the pipe breaks when it dies).
    while (System.in.read() >= 0) {
      // nothing to read; waiting for end of input
    }
    System.exit(0);
  }

  private static void serveTcp(ServerSocket server) {
    while (true) {
      try (Socket socket = server.accept()) {
        OutputStream out = socket.getOutputStream();
        String answer =
            describe(socket.getRemoteSocketAddress(), socket.getLocalSocketAddress()) + "\n";
        out.write(answer.getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        // One broken connection must not stop the receiver; the client reports what it got.
      }
    }
  }

  private static void serveUdp(DatagramSocket socket) {
    byte[] buffer = new byte[512];
    while (true) {
      try {
        DatagramPacket in = new DatagramPacket(buffer, buffer.length);
        socket.receive(in);
        byte[] answer =
            describe(in.getSocketAddress(), socket.getLocalSocketAddress())
                .getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(answer, answer.length, in.getSocketAddress()));
      } catch (IOException e) {
        // as above: keep serving
      }
    }
  }

  static String describe(SocketAddress peer, SocketAddress local) {
    return "peer=" + hostPort(peer) + " local=" + hostPort(local);
  }

  private static String hostPort(SocketAddress address) {
    InetSocketAddress inet = (InetSocketAddress) address;
    return inet.getAddress().getHostAddress() + ":" + inet.getPort();
  }

  private static void daemon(Runnable task) {
    Thread thread = new Thread(task, "receiver");
    thread.setDaemon(true);
    thread.start();
  }
}
