package io.peerfix.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.jakarta_servlet.SlackAppServlet;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The bot's Jetty server: the health endpoints always, and Slack's request URL {@code
 * /slack/events} (slash commands and interactivity alike, through Bolt's Jakarta servlet adapter)
 * when the bot runs over HTTP.
 */
final class WebServer implements AutoCloseable {
  /** Slack's payloads are a few kilobytes; anything far larger is refused before Bolt sees it. */
  static final long MAX_REQUEST_BYTES = 1024 * 1024;

  static final String EVENTS_PATH = "/slack/events";

  private final Server server;
  private final ServerConnector connector;

  private WebServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /**
   * Starts listening on {@code host:port}; with an {@code app}, serves its requests on {@link
   * #EVENTS_PATH}.
   */
  static WebServer start(
      String host, int port, Optional<App> app, Supplier<Optional<String>> notReady)
      throws Exception {
    return start(host, port, app, notReady, Optional.empty());
  }

  /** As above, with {@code /metrics} beside the health endpoints when {@code metrics} is given. */
  static WebServer start(
      String host,
      int port,
      Optional<App> app,
      Supplier<Optional<String>> notReady,
      Optional<io.peerfix.metrics.PeerfixMetrics> metrics)
      throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("peerfix-http");
    threads.setDaemon(true);
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder("livez", new HealthServlet(notReady)), "/livez");
    context.addServlet(new ServletHolder("readyz", new HealthServlet(notReady)), "/readyz");
    metrics.ifPresent(
        m ->
            context.addServlet(
                new ServletHolder("metrics", new io.peerfix.metrics.MetricsServlet(m)),
                "/metrics"));
    app.ifPresent(
        a -> context.addServlet(new ServletHolder("slack", new SlackAppServlet(a)), EVENTS_PATH));
    SizeLimitHandler limit = new SizeLimitHandler(MAX_REQUEST_BYTES, -1);
    limit.setHandler(context);
    server.setHandler(limit);
    server.setStopAtShutdown(false);
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      throw e;
    }
    return new WebServer(server, connector);
  }

  int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
