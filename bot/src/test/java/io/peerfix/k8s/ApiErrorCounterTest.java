package io.peerfix.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.peerfix.metrics.PeerfixMetrics;
import org.junit.jupiter.api.Test;

/** Failed Kubernetes API requests in the Prometheus exposition, through a real client. */
@EnableKubernetesMockClient
class ApiErrorCounterTest {
  KubernetesMockServer server;

  private final PeerfixMetrics metrics = PeerfixMetrics.prometheus();

  private KubernetesClient counted() {
    return server.createClient(
        b ->
            b.withHttpClientBuilderConsumer(
                h ->
                    h.addOrReplaceInterceptor(ApiErrorCounter.NAME, new ApiErrorCounter(metrics))));
  }

  private static double value(String scrape, String series) {
    return scrape
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
        .findFirst()
        .orElse(0);
  }

  private String series(String operation) {
    return "peerfix_api_errors_total{api=\"kubernetes\",operation=\"" + operation + "\"}";
  }

  @Test
  void refusedAndFailedRequestsCountByResourceAndVerbAndAMissingObjectDoesNot() {
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/peerfix-probes/pods")
        .andReturn(403, "{\"kind\":\"Status\",\"code\":403}")
        .once();
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/peerfix/configmaps/ledger")
        .andReturn(500, "{\"kind\":\"Status\",\"code\":500}")
        .once();
    try (KubernetesClient client = counted()) {
      assertThatThrownBy(
              () ->
                  client
                      .pods()
                      .inNamespace("peerfix-probes")
                      .resource(
                          new io.fabric8.kubernetes.api.model.PodBuilder()
                              .withNewMetadata()
                              .withName("peerfix-probe-1")
                              .endMetadata()
                              .build())
                      .create())
          .isInstanceOf(KubernetesClientException.class);
      // The 500 is retried by the client and then answered 404: the object is not there.
      assertThat(client.configMaps().inNamespace("peerfix").withName("ledger").get()).isNull();
    }

    String scrape = metrics.scrape();
    assertThat(value(scrape, series("pods.create"))).isEqualTo(1.0);
    assertThat(value(scrape, series("configmaps.get"))).isEqualTo(1.0);
  }
}
