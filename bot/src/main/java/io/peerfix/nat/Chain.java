package io.peerfix.nat;

import java.util.List;

/**
 * A chain of the nat table: built-in ones have a policy (ACCEPT, or DROP), user chains have none
 * (null) and end in an implicit RETURN.
 */
public record Chain(String name, String policy, List<Rule> rules) {
  public Chain {
    rules = List.copyOf(rules);
  }

  /** Whether this is one of PREROUTING, INPUT, OUTPUT, POSTROUTING. */
  public boolean builtin() {
    return policy != null;
  }
}
