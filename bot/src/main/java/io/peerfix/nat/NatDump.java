package io.peerfix.nat;

/**
 * Reads a nat table from any of the three forms people paste, detected from the first meaningful
 * line: {@code iptables-save} (with or without {@code -c} counters, several tables: only {@code
 * *nat} is kept), {@code iptables -t nat -S} and {@code iptables -t nat -L -n [-v] [-x]
 * [--line-numbers]} (lossy: see docs/nat-model.md).
 */
public final class NatDump {
  private NatDump() {}

  /**
   * Parses the dump in one pass.
   *
   * @throws NatParseException naming the line and its text when the dump cannot be read
   */
  public static NatTable parse(String text) {
    if (text == null) {
      throw new NatParseException(0, "", "no rules given");
    }
    Lines lines = new Lines(text);
    while (lines.advance()) {
      int first = lines.firstNonBlank();
      if (first == lines.end() || text.charAt(first) == '#') {
        continue;
      }
      return parse(text, detect(text, first, lines));
    }
    throw new NatParseException(0, "", "the rules are empty");
  }

  private static NatTable parse(String text, DumpFormat format) {
    if (format == DumpFormat.IPTABLES_LIST) {
      return new ListingParser(text).parse();
    }
    return new CommandDumpParser(text, format).parse();
  }

  private static DumpFormat detect(String text, int first, Lines lines) {
    char c = text.charAt(first);
    if (c == '*' || c == ':' || c == '[') {
      return DumpFormat.IPTABLES_SAVE;
    }
    if (c == '-') {
      return DumpFormat.IPTABLES_S;
    }
    if (text.startsWith("Chain ", first)) {
      return DumpFormat.IPTABLES_LIST;
    }
    lines.checkText();
    throw new NatParseException(
        lines.number(),
        lines.current(),
        "not a nat table dump: expected the output of iptables-save -t nat, iptables -t nat -S"
            + " or iptables -t nat -L -n -v");
  }
}
