package io.peerfix.common;

/** The user's input was wrong; the message says what and how to put it right (exit code 2). */
public class UserInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserInputException(String message) {
    super(message);
  }

  public UserInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
