package io.peerfix.probe;

import io.peerfix.common.Problems;
import io.peerfix.facts.ConnectAttempt;
import io.peerfix.facts.ConnectOutcome;
import io.peerfix.net.Ipv4;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Locale;

/** One TCP connect with a deadline, told apart by how it ended. */
final class TcpConnector {
  private final Ticker ticker;

  TcpConnector(Ticker ticker) {
    this.ticker = ticker;
  }

  /** What one connect did, with the open socket when it connected (the caller closes it). */
  record Connection(ConnectAttempt attempt, Socket socket) {}

  Connection connect(Ipv4 address, int port, long timeoutMillis) {
    InetAddress destination = InetAddresses.inet(address);
    Socket socket = new Socket();
    long start = ticker.nanos();
    try {
      socket.connect(new InetSocketAddress(destination, port), (int) timeoutMillis);
      long millis = ticker.millisSince(start);
      Ipv4 local = InetAddresses.ipv4(socket.getLocalAddress());
      return new Connection(
          new ConnectAttempt(address, port, ConnectOutcome.CONNECTED, millis, local, null), socket);
    } catch (IOException e) {
      long millis = ticker.millisSince(start);
      closeQuietly(socket);
      return failed(
          address,
          port,
          outcomeOf(e),
          millis,
          SourceAddresses.predict(destination, port),
          describe(e, timeoutMillis));
    }
  }

  static ConnectOutcome outcomeOf(IOException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    if (e instanceof SocketTimeoutException) {
      return ConnectOutcome.TIMED_OUT;
    }
    if (e instanceof NoRouteToHostException || message.contains("unreachable")) {
      return ConnectOutcome.UNREACHABLE;
    }
    if (e instanceof ConnectException && message.contains("refused")) {
      return ConnectOutcome.REFUSED;
    }
    return ConnectOutcome.ERROR;
  }

  private static String describe(IOException e, long timeoutMillis) {
    if (e instanceof SocketTimeoutException) {
      return "no answer to the SYN within " + timeoutMillis + " ms";
    }
    return Problems.describe(e);
  }

  private static Connection failed(
      Ipv4 address, int port, ConnectOutcome outcome, long millis, Ipv4 local, String detail) {
    return new Connection(new ConnectAttempt(address, port, outcome, millis, local, detail), null);
  }

  static void closeQuietly(Socket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing to report: the probe's result is already decided.
    }
  }
}
