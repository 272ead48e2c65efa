package io.peerfix.slack.command;

import java.util.Collection;

/** The closest known name to a mistyped one, by edit distance, when it is close enough. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The known name nearest to {@code typed} (Levenshtein distance, first in order on a tie), or
   * null when none is within a third of the longer name's length (at least 1, at most 3 edits).
   */
  public static String closest(String typed, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String name : known) {
      int d = distance(typed, name);
      if (d < bestDistance) {
        best = name;
        bestDistance = d;
      }
    }
    if (best == null) {
      return null;
    }
    int allowed = Math.min(3, Math.max(1, Math.max(typed.length(), best.length()) / 3));
    return bestDistance <= allowed ? best : null;
  }

  static int distance(String a, String b) {
    if (a.length() > 256 || b.length() > 256) {
      return Integer.MAX_VALUE;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
