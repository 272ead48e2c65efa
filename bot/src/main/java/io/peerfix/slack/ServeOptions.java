package io.peerfix.slack;

import java.util.OptionalInt;

/**
 * How the bot listens: over Socket Mode (no {@code httpPort}: nothing reaches it from outside, and
 * {@code /livez} and {@code /readyz} are served on {@code healthPort}) or over HTTP on {@code
 * httpPort}, where Slack's requests ({@code /slack/events}) and the health endpoints share the
 * port. Port 0 picks a free port (tests).
 */
public record ServeOptions(String bindHost, OptionalInt httpPort, int healthPort) {
  public ServeOptions {
    if (bindHost == null || bindHost.isBlank()) {
      throw new IllegalArgumentException("bindHost is required");
    }
    httpPort.ifPresent(ServeOptions::checkPort);
    checkPort(healthPort);
  }

  public boolean socketMode() {
    return httpPort.isEmpty();
  }

  private static void checkPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
  }
}
