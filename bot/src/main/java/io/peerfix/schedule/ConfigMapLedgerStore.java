package io.peerfix.schedule;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Optional;

/**
 * A cluster's ledger: one ConfigMap per schedule ({@code peerfix-schedule-NAME} in the bot's
 * namespace, key {@value #KEY}), written with its resourceVersion so the API server refuses a write
 * over a version another replica changed (409 Conflict), and created only if absent.
 */
public final class ConfigMapLedgerStore implements LedgerStore {
  static final String KEY = "ledger.json";
  static final String PREFIX = "peerfix-schedule-";

  private final KubernetesClient client;
  private final String namespace;

  public ConfigMapLedgerStore(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  @Override
  public Versioned read(String schedule) {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(PREFIX + schedule).get();
    if (map == null) {
      return Versioned.absent();
    }
    String text = map.getData() == null ? null : map.getData().get(KEY);
    return new Versioned(Optional.ofNullable(text), map.getMetadata().getResourceVersion());
  }

  @Override
  public boolean write(String schedule, String text, Versioned basis) {
    ConfigMapBuilder map =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(PREFIX + schedule)
            .withNamespace(namespace)
            .addToLabels("app.kubernetes.io/name", "peerfix")
            .addToLabels("app.kubernetes.io/component", "schedule-ledger")
            .endMetadata()
            .addToData(KEY, text);
    try {
      if (basis.version().isEmpty()) {
        client.configMaps().inNamespace(namespace).resource(map.build()).create();
      } else {
        ConfigMap next =
            map.editMetadata().withResourceVersion(basis.version()).endMetadata().build();
        client.configMaps().inNamespace(namespace).resource(next).update();
      }
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      throw e;
    }
  }
}
