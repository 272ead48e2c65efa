package io.peerfix.facts;

import java.util.List;

/**
 * Port: the agents' facts for the given nodes, each with a host-network probe of {@code target}.
 * Nodes whose facts could not be read are left out; the caller reports them as unknown.
 */
@FunctionalInterface
public interface NodeFactsReader {
  List<NodeFacts> read(List<NodeInfo> nodes, ProbeRequest target);
}
