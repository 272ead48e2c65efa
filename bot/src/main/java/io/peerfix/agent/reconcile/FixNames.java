package io.peerfix.agent.reconcile;

import java.util.regex.Pattern;

/**
 * Which fix names may appear in a marker: a Kubernetes DNS label (1-63 of {@code [a-z0-9-]},
 * starting and ending with a letter or digit), and never {@value Marker#JUMP}, which marks the
 * jump.
 */
public final class FixNames {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  private FixNames() {}

  /** Throws {@link IllegalArgumentException} naming the name and the expected form. */
  public static String check(String name) {
    if (name == null || !LABEL.matcher(name).matches() || Marker.JUMP.equals(name)) {
      throw new IllegalArgumentException(
          "fix name \""
              + name
              + "\" is not valid: give 1-63 lower-case letters, digits or '-', starting and"
              + " ending with a letter or digit (and not \""
              + Marker.JUMP
              + "\")");
    }
    return name;
  }
}
