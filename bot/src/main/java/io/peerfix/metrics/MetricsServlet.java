package io.peerfix.metrics;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code /metrics}: the Prometheus text exposition of the process's metrics. */
public final class MetricsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** Prometheus' text format, version 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final transient PeerfixMetrics metrics;

  public MetricsServlet(PeerfixMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setContentType(CONTENT_TYPE);
    resp.setHeader("Cache-Control", "no-store");
    resp.getWriter().write(metrics.scrape());
  }
}
