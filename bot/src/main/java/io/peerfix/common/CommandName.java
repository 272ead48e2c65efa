package io.peerfix.common;

import java.util.regex.Pattern;

/**
 * How messages name the peerfix command when they tell the user what to run next ("Try: NAME lab
 * exec ..."): as the user invoked it, so the line can be copied as it is. The launcher {@code
 * bin/peerfix} passes its own path as typed (e.g. {@code bin/peerfix} from a clone) or plain {@code
 * peerfix} when that is what PATH finds; without the launcher it is {@code peerfix}. Help texts'
 * usage lines use the same name.
 */
public final class CommandName {
  /** The system property the launcher sets. */
  public static final String PROPERTY = "peerfix.command";

  private static final String DEFAULT = "peerfix";

  /** A path a shell takes as one word without quoting; anything else falls back to peerfix. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./+-]{1,200}");

  private CommandName() {}

  /** The command's name as messages print it. */
  public static String get() {
    String given = System.getProperty(PROPERTY);
    return given != null && PLAIN.matcher(given).matches() ? given : DEFAULT;
  }

  /** {@code rest} as a complete command line, e.g. {@code bin/peerfix lab down --name x}. */
  public static String line(String rest) {
    return get() + " " + rest;
  }
}
