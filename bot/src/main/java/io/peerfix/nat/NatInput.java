package io.peerfix.nat;

import io.peerfix.common.UserInputException;
import java.nio.charset.StandardCharsets;

/**
 * The one guarded way in for a nat table from someone else (a paste in Slack, a file on the command
 * line, a node's table in its facts): refuses input over a size limit with a message naming the
 * limit, parses it, and turns running out of stack or heap while parsing or evaluating into a
 * {@link UserInputException} instead of an {@link Error} that takes the process down. Every caller
 * (the CLI, the bot's {@code /peerfix explain}, the agent) goes through here.
 */
public final class NatInput {
  /** Default limit: twice the 17 MB table of a 10,000-service kube-proxy node. */
  public static final int DEFAULT_MAX_BYTES = 32 << 20;

  private NatInput() {}

  /**
   * Parses a dump's UTF-8 bytes.
   *
   * @param raise how the caller lets the user raise {@code maxBytes}, e.g. "--max-input-mb 64"
   */
  public static NatTable parse(byte[] utf8, long maxBytes, String raise) {
    if (utf8.length > maxBytes) {
      throw tooLarge(utf8.length, maxBytes, raise);
    }
    return guarded(() -> NatDump.parse(utf8));
  }

  /**
   * Applies a payload for {@code iptables-restore --noflush} (UTF-8 bytes) onto {@code base}; see
   * {@link NatDump#parseOnto(NatTable, byte[])}.
   */
  public static NatTable parseOnto(NatTable base, byte[] utf8, long maxBytes, String raise) {
    if (utf8.length > maxBytes) {
      throw tooLarge(utf8.length, maxBytes, raise);
    }
    return guarded(() -> NatDump.parseOnto(base, utf8));
  }

  /** Parses pasted text: its UTF-8 size counts against {@code maxBytes}. */
  public static NatTable parse(String text, long maxBytes, String raise) {
    // A String longer than maxBytes chars is over the limit in any encoding; no copy is made.
    if (text.length() > maxBytes) {
      throw tooLarge(text.length(), maxBytes, raise);
    }
    return parse(text.getBytes(StandardCharsets.UTF_8), maxBytes, raise);
  }

  /** Evaluates within the default budget, guarded the same way. */
  public static NatVerdict evaluate(NatTable table, Packet packet, NodeContext node) {
    return guarded(() -> NatEvaluator.evaluate(table, packet, node));
  }

  /** Runs {@code work}, turning an exhausted stack or heap into a message. */
  public static <T> T guarded(java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (StackOverflowError e) {
      throw new UserInputException(
          "the rules nest too deeply for peerfix to read (it ran out of stack); give the nat"
              + " table as iptables-save prints it");
    } catch (OutOfMemoryError e) {
      throw new UserInputException(
          "the rules need more memory than this process has; give a smaller table, or run with a"
              + " larger heap (e.g. PEERFIX_JAVA_OPTS=-Xmx1g)");
    }
  }

  private static UserInputException tooLarge(long size, long maxBytes, String raise) {
    return new UserInputException(
        "the rules are "
            + size
            + " bytes, over the limit of "
            + (maxBytes % (1 << 20) == 0 ? (maxBytes >> 20) + " MiB" : maxBytes + " bytes")
            + " (a node's nat table is a few MB, 17 MB with 10,000 services): give the nat table"
            + " alone, or raise the limit with "
            + raise);
  }
}
