package io.peerfix.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.metrics.PeerfixMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The bot's /metrics beside /livez and /readyz, scraped over real HTTP. */
class MetricsHttpTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The value of one series in a Prometheus text exposition, 0 when absent. */
  static double value(String scrape, String series) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void metricsAreServedBesideTheHealthEndpointsAndTheirCountersMove() throws Exception {
    PeerfixMetrics metrics = PeerfixMetrics.prometheus();
    try (WebServer web =
        WebServer.start("127.0.0.1", 0, Optional.empty(), Optional::empty, Optional.of(metrics))) {
      metrics.scheduleRun("rds-watch", PeerfixMetrics.RunOutcome.RAN);
      HttpResponse<String> before = get(web.port(), "/metrics");

      metrics.scheduleRun("rds-watch", PeerfixMetrics.RunOutcome.RAN);
      metrics.diagnosis("POD_SOURCE_NOT_MASQUERADED");
      metrics.apiError(PeerfixMetrics.Api.SLACK, "chat.postMessage");
      HttpResponse<String> after = get(web.port(), "/metrics");

      assertThat(before.statusCode()).isEqualTo(200);
      assertThat(before.headers().firstValue("Content-Type"))
          .get()
          .asString()
          .startsWith("text/plain; version=0.0.4");
      String runs = "peerfix_schedule_runs_total{outcome=\"ran\",schedule=\"rds-watch\"}";
      assertThat(value(before.body(), runs)).isEqualTo(1.0);
      assertThat(value(after.body(), runs)).isEqualTo(2.0);
      assertThat(
              value(
                  after.body(),
                  "peerfix_diagnoses_total{root_cause=\"POD_SOURCE_NOT_MASQUERADED\"}"))
          .isEqualTo(1.0);
      assertThat(
              value(
                  after.body(),
                  "peerfix_api_errors_total{api=\"slack\",operation=\"chat.postMessage\"}"))
          .isEqualTo(1.0);
      assertThat(get(web.port(), "/livez").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void withoutMetricsThereIsNoMetricsPath() throws Exception {
    try (WebServer web = WebServer.start("127.0.0.1", 0, Optional.empty(), Optional::empty)) {
      assertThat(get(web.port(), "/metrics").statusCode()).isEqualTo(404);
    }
  }
}
