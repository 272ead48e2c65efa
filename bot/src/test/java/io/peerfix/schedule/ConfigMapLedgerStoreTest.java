package io.peerfix.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ConfigMapLedgerStoreTest {
  KubernetesClient client;

  @Test
  void aWriteOverAVersionAnotherReplicaChangedIsRefused() {
    ConfigMapLedgerStore store = new ConfigMapLedgerStore(client, "peerfix");
    LedgerStore.Versioned absent = store.read("rds-watch");
    assertThat(store.write("rds-watch", "{\"n\":1}", absent)).isTrue();
    LedgerStore.Versioned first = store.read("rds-watch");

    assertThat(store.write("rds-watch", "{\"n\":2}", first)).isTrue();
    assertThat(store.write("rds-watch", "{\"n\":3}", first)).isFalse();
    assertThat(store.write("rds-watch", "{\"n\":4}", absent)).isFalse();
    assertThat(store.read("rds-watch").text()).contains("{\"n\":2}");
    assertThat(
            client
                .configMaps()
                .inNamespace("peerfix")
                .withName("peerfix-schedule-rds-watch")
                .get()
                .getData())
        .containsKey("ledger.json");
  }
}
