package io.peerfix.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A kubeconfig file pointing at fabric8's mock API server, for tests that drive a command through
 * its front door with {@code --kubeconfig FILE} (the commands read it through fabric8's usual
 * discovery, as they would a real cluster's).
 */
public final class MockKubeconfig {
  private MockKubeconfig() {}

  /** Writes {@code file} naming the mock server {@code client} talks to, with a dummy token. */
  public static Path write(Path file, KubernetesClient client) throws IOException {
    return Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: mock
            cluster: {server: "%s", insecure-skip-tls-verify: true}
        contexts:
          - name: mock
            context: {cluster: mock, user: mock, namespace: default}
        current-context: mock
        users:
          - name: mock
            user: {token: not-a-secret}
        """
            .formatted(client.getMasterUrl()));
  }
}
