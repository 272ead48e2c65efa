package io.peerfix.facts;

/** How one TCP connect attempt ended. */
public enum ConnectOutcome {
  CONNECTED("connected"),
  REFUSED("refused (RST)"),
  TIMED_OUT("timed out"),
  UNREACHABLE("unreachable (no route or ICMP error)"),
  ERROR("failed");

  private final String text;

  ConnectOutcome(String text) {
    this.text = text;
  }

  /** Human text for reports. */
  public String text() {
    return text;
  }
}
