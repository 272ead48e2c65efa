package io.peerfix.config;

import io.peerfix.common.UserInputException;

/**
 * The configuration file is wrong: the message names the file, the line, the key (as a dotted path,
 * e.g. {@code targets[1].port}) and what to write instead. Raised at start, before anything runs.
 */
public final class ConfigException extends UserInputException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final int line;

  ConfigException(String source, int line, String key, String problem) {
    super(
        source + (line > 0 ? ":" + line : "") + ": " + (key.isEmpty() ? "" : key + ": ") + problem);
    this.key = key;
    this.line = line;
  }

  /** The dotted path of the key at fault ({@code ""} for the document itself). */
  public String key() {
    return key;
  }

  /** The line of the file the key is on (1-based; 0 when unknown). */
  public int line() {
    return line;
  }
}
