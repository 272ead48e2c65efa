package io.peerfix.agent.reconcile;

import java.util.Optional;

/**
 * A look at the nat table's version that costs microseconds, so the idle check lists the table's
 * chains only when something was written to it. When no stamp can be read (no native access, no
 * capability, an older kernel) the idle check lists the chains at every look, as it did before.
 */
public interface TableStamps {
  /** The stamp now, or empty when it cannot be read this time (the caller then lists). */
  Optional<TableStamp> read();

  /** How this agent notices a change of its table, for its log. */
  String describe();

  /** No stamps: every idle look lists the chains; {@code why} says why, for the log. */
  static TableStamps none(String why) {
    return new TableStamps() {
      @Override
      public Optional<TableStamp> read() {
        return Optional.empty();
      }

      @Override
      public String describe() {
        return "listing the chains at every look (" + why + ")";
      }
    };
  }
}
