package io.peerfix.nat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The target's own text at the end of an {@code iptables -L} row ({@code masq ports: 1024-65535},
 * {@code to:1.2.3.4}, {@code MARK or 0x4000}, {@code CONNMARK save mask 0xff}...), read back into
 * the options iptables-save would print for it.
 */
final class ListingTargetText {
  private final LineTokens t;
  private final String targetName;
  private final int end;
  private final Map<String, String> options = new LinkedHashMap<>();
  private final StringBuilder optionText = new StringBuilder();

  /**
   * The text of target {@code targetName} (null: the rule has none) in tokens before {@code end}.
   */
  ListingTargetText(LineTokens tokens, String targetName, int end) {
    this.t = tokens;
    this.targetName = targetName;
    this.end = end;
  }

  /** The options read, by iptables-save name ({@code --to-source}...). */
  Map<String, String> options() {
    return options;
  }

  /** The options read, as iptables-save prints them. */
  String text() {
    return optionText.toString();
  }

  /** Reads the target's text from {@code i}; returns where reading stopped. */
  int read(int i) {
    if (targetName == null) {
      return i;
    }
    while (i < end) {
      int next = targetWord(i);
      if (next < 0) {
        return i;
      }
      i = next;
    }
    return i;
  }

  private int targetWord(int i) {
    String word = t.raw(i);
    switch (targetName) {
      case "MASQUERADE":
        if (word.equals("masq") && i + 2 < end && t.is(i + 1, "ports:")) {
          return option("--to-ports", t.raw(i + 2), i + 3);
        }
        return flag(word, i, "random", "random-fully");
      case "SNAT":
      case "DNAT":
        if (word.startsWith("to:")) {
          String key = targetName.equals("SNAT") ? "--to-source" : "--to-destination";
          return option(key, word.substring(3), i + 1);
        }
        return flag(word, i, "random", "random-fully", "persistent");
      case "REDIRECT":
        if (word.equals("redir") && i + 2 < end && t.is(i + 1, "ports")) {
          return option("--to-ports", t.raw(i + 2), i + 3);
        }
        return flag(word, i, "random");
      case "MARK":
        return markText(i, word);
      case "CONNMARK":
        return connmarkText(i, word);
      case "LOG":
      case "NFLOG":
        optionText.append(t.span(i, end - 1));
        return end;
      default:
        return -1;
    }
  }

  private int markText(int i, String word) {
    if (!word.equals("MARK") || i + 2 >= end) {
      return -1;
    }
    String value = t.raw(i + 2);
    switch (t.raw(i + 1)) {
      case "xset":
        return option("--set-xmark", value, i + 3);
      case "set":
        return option("--set-xmark", value + "/0xffffffff", i + 3);
      case "or":
        return option("--or-mark", value, i + 3);
      case "and":
        return option("--and-mark", value, i + 3);
      case "xor":
        return option("--xor-mark", value, i + 3);
      default:
        return -1;
    }
  }

  private int connmarkText(int i, String word) {
    if (!word.equals("CONNMARK") || i + 1 >= end) {
      return -1;
    }
    switch (t.raw(i + 1)) {
      case "save":
        return connmarkMasks(option("--save-mark", "", i + 2));
      case "restore":
        return connmarkMasks(option("--restore-mark", "", i + 2));
      case "and":
        return i + 2 < end ? option("--and-mark", t.raw(i + 2), i + 3) : -1;
      case "or":
        return i + 2 < end ? option("--or-mark", t.raw(i + 2), i + 3) : -1;
      case "xor":
        return i + 2 < end ? option("--xor-mark", t.raw(i + 2), i + 3) : -1;
      case "xset":
        return i + 2 < end ? option("--set-xmark", t.raw(i + 2), i + 3) : -1;
      case "set":
        return i + 2 < end ? option("--set-xmark", t.raw(i + 2) + "/0xffffffff", i + 3) : -1;
      default:
        return -1;
    }
  }

  /**
   * The masks libxt_CONNMARK prints after save/restore: {@code mask M} (both masks), or {@code
   * nfmask N ctmask ~C} / {@code ctmask C nfmask ~N}, where "~" only says the mask is applied
   * inverted: the number is the mask itself.
   */
  private int connmarkMasks(int i) {
    while (i > 0 && i + 1 < end) {
      String key = t.raw(i);
      if (!key.equals("mask") && !key.equals("nfmask") && !key.equals("ctmask")) {
        break;
      }
      String value = t.raw(i + 1);
      i = option("--" + key, value.startsWith("~") ? value.substring(1) : value, i + 2);
    }
    return i;
  }

  private int flag(String word, int i, String... known) {
    for (String name : known) {
      if (word.equals(name)) {
        return option("--" + name, "", i + 1);
      }
    }
    return -1;
  }

  private int option(String key, String value, int next) {
    if (next > end) {
      return -1;
    }
    options.put(key, value);
    optionText.append(optionText.length() == 0 ? "" : " ").append(key);
    if (!value.isEmpty()) {
      optionText.append(' ').append(value);
    }
    return next;
  }
}
