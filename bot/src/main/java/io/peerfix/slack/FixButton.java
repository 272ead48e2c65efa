package io.peerfix.slack;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an Approve or Dismiss button carries: the fix's name and the digest the message showed.
 * Nothing else in a button is trusted, and these two only name what to look up: the approver is the
 * interaction's {@code user.id}, and the fix store's guard refuses a digest that is not the fix's.
 * A value that is not exactly this shape was not made by peerfix.
 */
record FixButton(String fix, String digest) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  String value() {
    return fix + " " + digest;
  }

  static Optional<FixButton> parse(String value) {
    if (value == null || value.length() > 200) {
      return Optional.empty();
    }
    int space = value.indexOf(' ');
    if (space < 0) {
      return Optional.empty();
    }
    String fix = value.substring(0, space);
    String digest = value.substring(space + 1);
    if (!NAME.matcher(fix).matches() || !DIGEST.matcher(digest).matches()) {
      return Optional.empty();
    }
    return Optional.of(new FixButton(fix, digest));
  }
}
