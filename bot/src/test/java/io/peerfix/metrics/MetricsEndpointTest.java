package io.peerfix.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The agent's small endpoint, scraped over real HTTP on loopback. */
class MetricsEndpointTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void driftRepairsAndAppliedFixesAreCountedOnMetrics() throws Exception {
    PeerfixMetrics metrics = PeerfixMetrics.prometheus();
    try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, metrics)) {
      String before = get(endpoint.port(), "/metrics").body();
      metrics.driftRepaired();
      metrics.fix(PeerfixMetrics.FixEvent.APPLIED);
      String after = get(endpoint.port(), "/metrics").body();

      assertThat(before).doesNotContain("peerfix_agent_drift_repairs_total ");
      assertThat(after)
          .contains("peerfix_agent_drift_repairs_total 1.0")
          .contains("peerfix_fixes_total{event=\"applied\"} 1.0");
      assertThat(get(endpoint.port(), "/livez").body()).isEqualTo("ok\n");
      assertThat(get(endpoint.port(), "/metrics/other").statusCode()).isEqualTo(404);
    }
  }
}
