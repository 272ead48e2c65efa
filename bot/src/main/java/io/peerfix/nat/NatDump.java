package io.peerfix.nat;

/**
 * Reads a nat table from any of the three forms people paste, detected from the text: {@code
 * iptables-save} (with or without counters, several tables), {@code iptables -t nat -S} and {@code
 * iptables -t nat -L -n [-v] [--line-numbers]}.
 */
public final class NatDump {
  private NatDump() {}

  /**
   * Parses the dump.
   *
   * @throws NatParseException naming the line when the text is not a readable nat table
   */
  public static NatTable parse(String text) {
    throw new UnsupportedOperationException("not yet");
  }
}
