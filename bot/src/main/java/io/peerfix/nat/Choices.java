package io.peerfix.nat;

import java.util.ArrayList;
import java.util.List;

/**
 * Enumerates the ways the unknowns met during evaluation can go. Evaluation is re-run from the
 * start for each combination (depth first: matched first, then not matched); re-running is cheap
 * and avoids copying evaluation state at every fork.
 */
final class Choices {
  private final List<Boolean> taken = new ArrayList<>();
  private int position;

  void restart() {
    position = 0;
  }

  /** Whether the rule with an unknown condition is taken as matching on this path. */
  boolean choose() {
    if (position < taken.size()) {
      return taken.get(position++);
    }
    taken.add(Boolean.TRUE);
    position++;
    return true;
  }

  /** Moves to the next combination; false when all have been tried. */
  boolean next() {
    while (taken.size() > position) {
      taken.remove(taken.size() - 1);
    }
    while (!taken.isEmpty() && !taken.get(taken.size() - 1)) {
      taken.remove(taken.size() - 1);
    }
    if (taken.isEmpty()) {
      return false;
    }
    taken.set(taken.size() - 1, Boolean.FALSE);
    return true;
  }
}
