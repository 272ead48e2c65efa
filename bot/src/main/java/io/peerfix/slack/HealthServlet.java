package io.peerfix.slack;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /livez} answers 200 while the process serves requests; {@code /readyz} answers 200 once
 * the bot can take Slack's requests (its transport is up) and 503 with the reason otherwise.
 */
final class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** Empty when ready, else why not. */
  private final transient Supplier<Optional<String>> notReady;

  HealthServlet(Supplier<Optional<String>> notReady) {
    this.notReady = notReady;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setContentType("text/plain;charset=utf-8");
    resp.setHeader("Cache-Control", "no-store");
    if ("/livez".equals(req.getServletPath())) {
      resp.getWriter().write("ok\n");
      return;
    }
    Optional<String> reason = notReady.get();
    if (reason.isPresent()) {
      resp.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      resp.getWriter().write("not ready: " + reason.get() + "\n");
    } else {
      resp.getWriter().write("ready\n");
    }
  }
}
