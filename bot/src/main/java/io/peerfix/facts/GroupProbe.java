package io.peerfix.facts;

/** One probe from a pod on a group's representative, standing for every member of the group. */
public record GroupProbe(NodeGroup group, ProbeResult result) {
  /** The node the probe ran on. */
  public NodeInfo probedNode() {
    return group.representative();
  }

  /** How many nodes this probe stands for. */
  public int standsFor() {
    return group.standsFor();
  }
}
