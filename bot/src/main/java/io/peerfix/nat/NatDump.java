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

  /**
   * Applies a payload for {@code iptables-restore --noflush} onto {@code base}, as the kernel
   * would: its {@code *nat} section adds to the base's chains and rules instead of replacing them
   * ({@code -A}, {@code -I}, {@code -D}, {@code -R}, {@code -N}, {@code -X}, {@code -F}, {@code
   * -E}, {@code -P} and chain declarations, which empty an existing user chain); other tables are
   * skipped. The payload is in the restore syntax ({@code *nat} ... {@code COMMIT}); {@code base}
   * is a table read by {@link #parse(String)}. Errors name the payload's line.
   *
   * @throws NatParseException naming the payload's line and its text when the kernel would refuse
   *     the payload or the table it makes
   */
  public static NatTable parseOnto(NatTable base, String payload) {
    if (payload == null) {
      throw new NatParseException(0, "", "no payload given");
    }
    return parseOnto(base, DumpText.of(payload));
  }

  /** As {@link #parseOnto(NatTable, String)}, for the payload's UTF-8 bytes. */
  public static NatTable parseOnto(NatTable base, byte[] utf8) {
    if (utf8 == null) {
      throw new NatParseException(0, "", "no payload given");
    }
    return parseOnto(base, DumpText.ofUtf8(utf8));
  }

  private static NatTable parseOnto(NatTable base, DumpText pasted) {
    return parse(pasted, base, ParseHelpers.NONE);
  }

  private static NatTable parse(DumpText pasted, ParseHelpers helpers) {
    return parse(pasted, null, helpers);
  }

  private static NatTable parse(DumpText pasted, NatTable base, ParseHelpers helpers) {
    Encodings.check(pasted);
    Pastes.Cleaned cleaned = Pastes.clean(pasted);
    // The parser's line walk adds the elisions past the first meaningful line.
    List<String> skipped = new ArrayList<>(cleaned.skipped());
    NatTable table =
        base == null
            ? parseClean(cleaned.dump(), helpers, skipped)
            : payload(cleaned.dump(), base, skipped);
    if (skipped.isEmpty()) {
      return table;
    }
    List<String> notes = new ArrayList<>();
    notes.add("skipped what is not iptables output: " + String.join("; ", skipped));
    notes.addAll(table.warnings());
    return table.withWarnings(notes);
  }

  private static NatTable parseClean(DumpText dump, ParseHelpers helpers, List<String> skipped) {
    Lines lines = new Lines(dump);
    while (lines.advance()) {
      int first = lines.firstNonBlank();
      if (first == lines.end() || dump.charAt(first) == '#') {
        continue;
      }
      DumpFormat format = detect(dump, first, lines);
      if (format == DumpFormat.IPTABLES_LIST) {
        return new ListingParser(dump, skipped).parse();
      }
      return new CommandDumpParser(dump, format, helpers, skipped).parse();
    }
    throw new NatParseException(0, "", "the rules are empty");
  }

  private static NatTable payload(DumpText dump, NatTable base, List<String> skipped) {
    Lines lines = new Lines(dump);
    while (lines.advance()) {
      int first = lines.firstNonBlank();
      if (first == lines.end() || dump.charAt(first) == '#') {
        continue;
      }
      if (dump.charAt(first) != '*') {
        lines.checkText();
        throw new NatParseException(
            lines.number(),
            lines.current(),
            "not an iptables-restore payload: it starts with a table line such as *nat");
      }
      break;
    }
    return new CommandDumpParser(dump, base, skipped).parse();
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
