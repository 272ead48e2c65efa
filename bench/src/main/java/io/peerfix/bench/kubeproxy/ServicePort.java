package io.peerfix.bench.kubeproxy;

import java.util.List;

/**
 * One TCP service port of the synthetic cluster, as kube-proxy sees it.
 *
 * @param namespace the service's namespace
 * @param name the service's name
 * @param portName the port's name (kube-proxy puts it after a colon in the service port name)
 * @param clusterIp the cluster IP
 * @param port the service port
 * @param targetPort the port the endpoints listen on
 * @param nodePort the NodePort, or 0 when the service is not of type NodePort
 * @param endpoints the endpoint (pod) addresses, in the order kube-proxy lists them
 */
public record ServicePort(
    String namespace,
    String name,
    String portName,
    String clusterIp,
    int port,
    int targetPort,
    int nodePort,
    List<String> endpoints) {

  /** The protocol every generated service uses, in kube-proxy's lower-case spelling. */
  public static final String PROTOCOL = "tcp";

  public ServicePort {
    endpoints = List.copyOf(endpoints);
  }

  /** {@code namespace/name:portName}, the text kube-proxy hashes and puts in comments. */
  public String servicePortName() {
    return namespace + "/" + name + ":" + portName;
  }

  /** The service's {@code KUBE-SVC-...} chain. */
  public String serviceChain() {
    return KubeProxyChainNames.service(servicePortName(), PROTOCOL);
  }

  /** The service's {@code KUBE-EXT-...} chain (used only when it has a NodePort). */
  public String externalChain() {
    return KubeProxyChainNames.external(servicePortName(), PROTOCOL);
  }

  /** The {@code KUBE-SEP-...} chain of endpoint {@code i} (0-based). */
  public String endpointChain(int i) {
    return KubeProxyChainNames.endpoint(servicePortName(), PROTOCOL, endpointAddress(i));
  }

  /** {@code ip:targetPort} of endpoint {@code i}, the DNAT destination. */
  public String endpointAddress(int i) {
    return endpoints.get(i) + ":" + targetPort;
  }

  /** Whether the service is of type NodePort. */
  public boolean hasNodePort() {
    return nodePort != 0;
  }
}
