package io.peerfix.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Web API calls a diagnose makes ({@code chat.postMessage} with the live message's first
 * blocks, {@code chat.update}), made a few hundred times through the Slack SDK against a stand-in
 * of the Web API on loopback that this class starts and stops: the SDK's request building, its HTTP
 * client and its response parsing are compiled before the first burst of commands needs them. A
 * cold call costs the bot several times a warm one's CPU (about 25 ms against 4 ms on this
 * machine), taken from the acks of the commands still arriving. Slack itself is never called.
 */
final class WarmupWebApi {
  /** Calls in all, {@link #CALLERS} at a time, half posts and half updates. */
  static final int CALLS = 240;

  private static final int CALLERS = 4;
  private static final String TOKEN = "xoxb-0-0-warmup";
  private static final String CHANNEL = "C0WARMUP";
  private static final String TS = "1700000000.000100";

  /** Slack's answer shape to both calls, with the message, so its parsing is warmed too. */
  private static final byte[] ANSWER =
      ("{\"ok\":true,\"channel\":\""
              + CHANNEL
              + "\",\"ts\":\""
              + TS
              + "\",\"message\":{\"type\":\"message\",\"subtype\":\"bot_message\",\"text\":"
              + "\"warm-up\",\"ts\":\""
              + TS
              + "\",\"username\":\"peerfix\",\"bot_id\":\"B0WARMUP\",\"blocks\":[]}}")
          .getBytes(StandardCharsets.UTF_8);

  private WarmupWebApi() {}

  /** Makes the calls; returns how many the stand-in answered {@code ok}. */
  static int run() throws Exception {
    Server server = standIn();
    server.start();
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(
        "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/");
    config.setStatsEnabled(false);
    try (Slack slack = Slack.getInstance(config)) {
      MethodsClient client = slack.methods(TOKEN);
      MessageContent first =
          DiagnosisBlocks.progress(DiagnosisProgress.started("warm-up", "U0WARMUP"));
      MessageContent later =
          DiagnosisBlocks.progress(
              DiagnosisProgress.started("warm-up", "U0WARMUP").at("1 of 2 nodes answered"));
      List<Future<Boolean>> calls = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        boolean post = i % 2 == 0;
        calls.add(callers.submit(() -> post ? post(client, first) : update(client, later)));
      }
      int ok = 0;
      for (Future<Boolean> call : calls) {
        try {
          ok += call.get() ? 1 : 0;
        } catch (ExecutionException e) {
          throw new IllegalStateException("a warm-up Web API call failed", e.getCause());
        }
      }
      return ok;
    } finally {
      callers.shutdownNow();
      server.stop();
    }
  }

  private static boolean post(MethodsClient client, MessageContent content) throws Exception {
    return client
        .chatPostMessage(r -> r.channel(CHANNEL).text(content.text()).blocks(content.blocks()))
        .isOk();
  }

  private static boolean update(MethodsClient client, MessageContent content) throws Exception {
    return client
        .chatUpdate(r -> r.channel(CHANNEL).ts(TS).text(content.text()).blocks(content.blocks()))
        .isOk();
  }

  /** Answers every request as Slack answers these two methods; reads the body as Slack would. */
  private static Server standIn() {
    QueuedThreadPool threads = new QueuedThreadPool(8, 2);
    threads.setName("peerfix-warmup-api");
    threads.setDaemon(true);
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            Content.Source.asString(request, StandardCharsets.UTF_8);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
            response.write(true, java.nio.ByteBuffer.wrap(ANSWER), callback);
            return true;
          }
        });
    return server;
  }
}
