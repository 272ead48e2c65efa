package io.peerfix.aws;

/**
 * An AWS API could not be reached at all (connection refused, no answer in time, unknown host):
 * nothing AWS said, so no answer about the account can be given. The message names the service,
 * where it was sought and what to check; the command fails (exit 1), the input was not wrong.
 */
public final class AwsUnreachableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code message} says which service, where, why, and what to do. */
  public AwsUnreachableException(String message) {
    super(message);
  }
}
