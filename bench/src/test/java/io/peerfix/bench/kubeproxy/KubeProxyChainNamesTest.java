package io.peerfix.bench.kubeproxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KubeProxyChainNamesTest {
  // Expected names are the ones kube-proxy's own proxier tests show for service ns1/svc1:p80.

  @Test
  void serviceChainIsNamedAsKubeProxyNamesIt() {
    assertThat(KubeProxyChainNames.service("ns1/svc1:p80", "tcp"))
        .isEqualTo("KUBE-SVC-XPGD46QRK7WJZT7O");
  }

  @Test
  void externalChainSharesTheServiceHash() {
    assertThat(KubeProxyChainNames.external("ns1/svc1:p80", "tcp"))
        .isEqualTo("KUBE-EXT-XPGD46QRK7WJZT7O");
  }

  @Test
  void endpointChainIsNamedAsKubeProxyNamesIt() {
    assertThat(KubeProxyChainNames.endpoint("ns1/svc1:p80", "tcp", "10.180.0.1:80"))
        .isEqualTo("KUBE-SEP-SXIVWICOYRO3J4NJ");
  }
}
