/**
 * The Kubernetes side of peerfix on fabric8: the node directory, probe pods pinned to nodes, the
 * agents' published facts, and the collector that observes a large cluster with a bounded number of
 * API calls by probing one representative node per distinct NAT configuration.
 */
package io.peerfix.k8s;
