package io.peerfix.facts;

/** Port: runs one short-lived probe from a pod's network on {@code node} and returns its result. */
@FunctionalInterface
public interface PodProber {
  ProbeResult probeFromPod(NodeInfo node, ProbeRequest request);
}
