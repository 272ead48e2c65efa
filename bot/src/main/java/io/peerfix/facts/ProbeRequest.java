package io.peerfix.facts;

import java.util.Objects;

/**
 * What to probe: a host name or address, a port, the protocol check to run and the time allowed for
 * each connect attempt.
 */
public record ProbeRequest(String host, int port, ProbeProtocol protocol, long timeoutMillis) {
  public ProbeRequest {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(protocol, "protocol");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, was " + port);
    }
    if (timeoutMillis <= 0) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeoutMillis + " ms");
    }
  }
}
