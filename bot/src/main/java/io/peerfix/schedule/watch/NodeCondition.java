package io.peerfix.schedule.watch;

/**
 * Why a node is or is not probed by a scheduled run: nodes that are not ready, cordoned or being
 * removed are left out of the run and said so, never counted as failures.
 */
public enum NodeCondition {
  READY("ready"),
  NOT_READY("NotReady"),
  CORDONED("cordoned"),
  BEING_REMOVED("being removed");

  private final String text;

  NodeCondition(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  public boolean probed() {
    return this == READY;
  }
}
