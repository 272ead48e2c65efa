package io.peerfix.lab;

import java.util.regex.Pattern;

/**
 * Where the lines of {@code cluster.natRules} sit in a scenario's YAML text, so that an error about
 * one of them names the line of the user's file, not of a table peerfix generated from it. A
 * literal block ({@code natRules: |}) maps its lines one to one; any other form maps every rule to
 * the key's line.
 */
final class NatRulesLocation {
  private static final Pattern KEY = Pattern.compile("^\\s*natRules:\\s*(\\S*)\\s*(?:#.*)?$");

  private final int keyLine;
  private final int firstContentLine;

  private NatRulesLocation(int keyLine, int firstContentLine) {
    this.keyLine = keyLine;
    this.firstContentLine = firstContentLine;
  }

  /** Finds the one {@code natRules:} key of {@code yaml}; unknown when there is none or several. */
  static NatRulesLocation in(String yaml) {
    String[] lines = yaml.split("\n", -1);
    int key = 0;
    boolean block = false;
    for (int i = 0; i < lines.length; i++) {
      var m = KEY.matcher(lines[i].stripTrailing());
      if (m.matches()) {
        if (key != 0) {
          return new NatRulesLocation(0, 0);
        }
        key = i + 1;
        block = m.group(1).startsWith("|");
      }
    }
    if (key == 0 || !block) {
      return new NatRulesLocation(key, 0);
    }
    // The loader strips the value, so leading blank lines of the block are not rule lines.
    int first = key + 1;
    while (first <= lines.length && lines[first - 1].isBlank()) {
      first++;
    }
    return new NatRulesLocation(key, first);
  }

  /** The 1-based line of the file that natRules line {@code index} (0-based) is on; 0: unknown. */
  int fileLine(int index) {
    if (firstContentLine > 0) {
      return firstContentLine + index;
    }
    return keyLine;
  }

  /** "cluster.natRules line 2 (line 9 of the scenario file)", for messages. */
  String describe(int index) {
    int line = fileLine(index);
    return "cluster.natRules line "
        + (index + 1)
        + (line > 0 ? " (line " + line + " of the scenario file)" : "");
  }
}
