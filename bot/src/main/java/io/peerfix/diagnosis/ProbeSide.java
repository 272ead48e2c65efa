package io.peerfix.diagnosis;

/** Where a probe ran: in a pod on the node, or in the node's own (host) network. */
public enum ProbeSide {
  POD("pod probe"),
  HOST("node's own probe");

  private final String text;

  ProbeSide(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }
}
