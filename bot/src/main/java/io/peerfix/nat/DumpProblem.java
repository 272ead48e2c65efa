package io.peerfix.nat;

/** A problem found inside one line; the line loop turns it into a {@link NatParseException}. */
final class DumpProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  DumpProblem(String message) {
    super(message, null, false, false);
  }
}
