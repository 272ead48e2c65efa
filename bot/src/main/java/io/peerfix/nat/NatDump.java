package io.peerfix.nat;

import java.util.ArrayList;
import java.util.List;

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
    return parse(text, ParseHelpers.NONE);
  }

  /** As {@link #parse(String)}; a large dump's rule lines are also parsed by {@code helpers}. */
  public static NatTable parse(String text, ParseHelpers helpers) {
    if (text == null) {
      throw new NatParseException(0, "", "no rules given");
    }
    return parse(DumpText.of(text), helpers);
  }

  /**
   * Parses a dump given as the UTF-8 bytes of a file, without decoding the whole file first (the
   * fastest way for a large table read from disk). Same result as {@link #parse(String)}.
   *
   * @throws NatParseException naming the line and its text when the dump cannot be read
   */
  public static NatTable parse(byte[] utf8) {
    return parse(utf8, ParseHelpers.NONE);
  }

  /** As {@link #parse(byte[])}; a large dump's rule lines are also parsed by {@code helpers}. */
  public static NatTable parse(byte[] utf8, ParseHelpers helpers) {
    if (utf8 == null) {
      throw new NatParseException(0, "", "no rules given");
    }
    return parse(DumpText.ofUtf8(utf8), helpers);
  }

  private static NatTable parse(DumpText pasted, ParseHelpers helpers) {
    Encodings.check(pasted);
    Pastes.Cleaned cleaned = Pastes.clean(pasted);
    NatTable table = parseClean(cleaned.dump(), helpers);
    if (cleaned.skipped().isEmpty()) {
      return table;
    }
    List<String> notes = new ArrayList<>();
    notes.add("skipped what is not iptables output: " + String.join("; ", cleaned.skipped()));
    notes.addAll(table.warnings());
    return table.withWarnings(notes);
  }

  private static NatTable parseClean(DumpText dump, ParseHelpers helpers) {
    Lines lines = new Lines(dump);
    while (lines.advance()) {
      int first = lines.firstNonBlank();
      if (first == lines.end() || dump.charAt(first) == '#') {
        continue;
      }
      DumpFormat format = detect(dump, first, lines);
      if (format == DumpFormat.IPTABLES_LIST) {
        return new ListingParser(dump).parse();
      }
      return new CommandDumpParser(dump, format, helpers).parse();
    }
    throw new NatParseException(0, "", "the rules are empty");
  }

  private static DumpFormat detect(DumpText dump, int first, Lines lines) {
    char c = dump.charAt(first);
    if (c == '*' || c == ':' || c == '[') {
      return DumpFormat.IPTABLES_SAVE;
    }
    if (c == '-') {
      return DumpFormat.IPTABLES_S;
    }
    if (dump.startsWith("Chain ", first)) {
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
