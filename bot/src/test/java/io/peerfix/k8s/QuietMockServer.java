package io.peerfix.k8s;

import io.fabric8.mockwebserver.MockWebServer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Keeps the mock web server's per-request INFO lines out of the test output. */
final class QuietMockServer {
  // Held so the JUL logger (and its level) is not garbage collected.
  private static final Logger MOCK_WEB_SERVER = Logger.getLogger(MockWebServer.class.getName());

  private QuietMockServer() {}

  static void quiet() {
    MOCK_WEB_SERVER.setLevel(Level.WARNING);
  }
}
