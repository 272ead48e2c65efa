package io.peerfix.probe;

import io.peerfix.common.UserInputException;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import java.util.Locale;

/** Turns what the user typed into a valid {@link ProbeRequest}, or says what was wrong. */
public final class ProbeOptions {
  private ProbeOptions() {}

  public static ProbeRequest request(String host, int port, String timeout, String protocol) {
    String h = host == null ? "" : host.strip();
    if (h.isEmpty()) {
      throw new UserInputException("--host is empty: give a host name or an IPv4 address");
    }
    if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !HostResolver.isValidIpv4(h)) {
      throw new UserInputException(
          "bad --host '" + host + "': not a valid IPv4 address (each part is 0..255)");
    }
    if (port < 1 || port > 65535) {
      throw new UserInputException("bad --port " + port + ": use a TCP port from 1 to 65535");
    }
    long millis = Durations.parse("--timeout", timeout).toMillis();
    return new ProbeRequest(h, port, protocol(protocol), millis);
  }

  public static ProbeProtocol protocol(String text) {
    String p = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
    return switch (p) {
      case "TCP" -> ProbeProtocol.TCP;
      case "POSTGRES", "POSTGRESQL" -> ProbeProtocol.POSTGRES;
      case "MYSQL" -> ProbeProtocol.MYSQL;
      default ->
          throw new UserInputException("bad --protocol '" + text + "': use tcp, postgres or mysql");
    };
  }

  /** Parses {@code IP:PORT} or {@code HOST:PORT} as given to {@code --target}. */
  public static ProbeRequest target(String target, String timeout, String protocol) {
    String t = target == null ? "" : target.strip();
    int colon = t.lastIndexOf(':');
    if (colon <= 0 || colon == t.length() - 1) {
      throw new UserInputException(
          "bad --target '" + target + "': use HOST:PORT, e.g. 10.0.5.20:5432");
    }
    int port;
    try {
      port = Integer.parseInt(t.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new UserInputException(
          "bad --target '" + target + "': the port after ':' must be a number from 1 to 65535");
    }
    return request(t.substring(0, colon), port, timeout, protocol);
  }
}
