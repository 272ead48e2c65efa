package io.peerfix.diagnosis;

import io.peerfix.facts.ProbeProtocol;
import java.util.Objects;

/** What pods should reach: its configured name, host (name or address), port and protocol. */
public record DiagnosisTarget(String name, String host, int port, ProbeProtocol protocol) {
  public DiagnosisTarget {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    protocol = protocol == null ? ProbeProtocol.TCP : protocol;
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, was " + port);
    }
  }
}
