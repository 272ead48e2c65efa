package io.peerfix.testbed;

/**
 * What really happened to a {@link Probe}: whether the receiver answered and, if so, the source
 * ({@code peer}) and destination ({@code local}) it saw.
 */
public record ProbeOutcome(
    Status status,
    String peerAddress,
    int peerPort,
    String localAddress,
    int localPort,
    String raw) {

  /** How the connection ended. */
  public enum Status {
    ANSWERED,
    TIMEOUT,
    REFUSED,
    ERROR
  }

  /** Parses the client's answer line without its id, e.g. {@code OK peer=1.2.3.4:5 local=...}. */
  static ProbeOutcome parse(String line) {
    if (line == null) {
      return new ProbeOutcome(Status.ERROR, null, 0, null, 0, "no answer from the client");
    }
    if (line.startsWith("OK ")) {
      String peer = null;
      String local = null;
      for (String field : line.substring(3).split("\\s+")) {
        if (field.startsWith("peer=")) {
          peer = field.substring(5);
        } else if (field.startsWith("local=")) {
          local = field.substring(6);
        }
      }
      if (peer == null || local == null) {
        return new ProbeOutcome(Status.ERROR, null, 0, null, 0, line);
      }
      return new ProbeOutcome(
          Status.ANSWERED, host(peer), port(peer), host(local), port(local), line);
    }
    Status status =
        switch (line.split(" ")[0]) {
          case "TIMEOUT" -> Status.TIMEOUT;
          case "REFUSED" -> Status.REFUSED;
          default -> Status.ERROR;
        };
    return new ProbeOutcome(status, null, 0, null, 0, line);
  }

  private static String host(String hostPort) {
    return hostPort.substring(0, hostPort.lastIndexOf(':'));
  }

  private static int port(String hostPort) {
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }

  @Override
  public String toString() {
    return status == Status.ANSWERED
        ? "receiver saw " + peerAddress + ":" + peerPort + " -> " + localAddress + ":" + localPort
        : status + " (" + raw + ")";
  }
}
