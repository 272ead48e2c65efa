package io.peerfix.exec;

/** A command that had to succeed did not; the message says which and why. */
public final class CommandFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient CommandResult result;

  public CommandFailedException(CommandResult result) {
    super(result.describeFailure());
    this.result = result;
  }

  public CommandResult result() {
    return result;
  }
}
