package io.peerfix.agent.reconcile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The comment {@code peerfix:<owner>:<hash>} that every rule peerfix writes carries, and the only
 * way peerfix recognises its rules: rule text does not round-trip through {@code iptables-save}
 * (the kernel reorders matches, adds {@code /32}, quotes), a comment does.
 *
 * <p>{@code owner} is a fix name, or {@value #JUMP} for the jump from {@code POSTROUTING} into
 * peerfix's chain; {@code hash} is the first 12 hex digits of the SHA-256 of the rule's chain and
 * arguments, so a changed rule of the same fix gets a new marker and the old one is removed.
 */
public record Marker(String owner, String hash) {
  /** Owner of the jump rule; never a fix name ({@link FixNames} refuses it). */
  public static final String JUMP = "jump";

  static final String PREFIX = "peerfix:";
  private static final Pattern IN_RULE =
      Pattern.compile("--comment \"?(peerfix:([a-z0-9][a-z0-9-]*):([0-9a-f]{12}))\"?(?:\\s|$)");

  /** The marker of the rule {@code args} in {@code chain}, owned by {@code owner}. */
  public static Marker of(String owner, String chain, List<String> args) {
    return new Marker(owner, hash(chain + "\0" + String.join("\0", args)));
  }

  /** The marker in one {@code iptables-save} rule line, if it carries one. */
  public static Optional<Marker> find(String ruleLine) {
    Matcher m = IN_RULE.matcher(ruleLine);
    return m.find() ? Optional.of(new Marker(m.group(2), m.group(3))) : Optional.empty();
  }

  /** The comment text, e.g. {@code peerfix:fix-3f2a:0a1b2c3d4e5f}. */
  public String comment() {
    return PREFIX + owner + ":" + hash;
  }

  @Override
  public String toString() {
    return comment();
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
