package io.peerfix.nat;

import java.util.Set;

/**
 * What the slice walk needs of a rule line before it is parsed: the name after {@code -j} or {@code
 * -g} (quoted comments skipped as iptables quotes them), and whether a name is a target the parser
 * knows rather than a chain.
 */
final class RuleTokens {
  /** Targets the parser builds itself or refuses in nat; every other known one is an extension. */
  private static final Set<String> REFUSED = Set.of("DROP", "REJECT", "CT", "NOTRACK", "TPROXY");

  private RuleTokens() {}

  /** Whether {@code -j name} is a target (not a chain) as the parser reads it. */
  static boolean isTargetName(String name) {
    return TargetBuilder.optionArities(name) != null
        || REFUSED.contains(name)
        || KnownTargets.isExtension(name);
  }

  /** The name after {@code -j}/{@code -g} ({@code --jump}/{@code --goto}), or null. */
  static String jumpName(String line) {
    boolean next = false;
    int i = 0;
    int n = line.length();
    while (i < n) {
      while (i < n && line.charAt(i) == ' ') {
        i++;
      }
      if (i >= n) {
        break;
      }
      StringBuilder token = new StringBuilder();
      if (line.charAt(i) == '"') {
        i++;
        while (i < n && line.charAt(i) != '"') {
          if (line.charAt(i) == '\\' && i + 1 < n) {
            i++;
          }
          token.append(line.charAt(i++));
        }
        i++;
      } else {
        while (i < n && line.charAt(i) != ' ') {
          token.append(line.charAt(i++));
        }
      }
      String t = token.toString();
      if (next) {
        return t;
      }
      next = t.equals("-j") || t.equals("-g") || t.equals("--jump") || t.equals("--goto");
    }
    return null;
  }
}
