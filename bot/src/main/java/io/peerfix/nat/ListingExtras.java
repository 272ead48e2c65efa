package io.peerfix.nat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the free-form text after the destination column of an {@code iptables -L} row: match
 * renderings ({@code tcp dpt:80}, {@code mark match ! 0x4000/0x4000}, {@code /* comment *}{@code
 * /}...), then the target's own text ({@code masq ports: 1024-65535}, {@code to:1.2.3.4}, {@code
 * MARK or 0x4000}, {@code [goto]}). What it cannot read becomes one {@link Match.Unknown}, and
 * never silently changes what the rule does: when it may hide the rule's {@code [goto]} or options
 * of its target, the target is {@link Target.Unknown} too.
 */
final class ListingExtras {
  private static final String UNREADABLE = "listing text the model cannot read";
  private static final String GOTO = "[goto]";

  /**
   * Targets whose options change the answer (addresses, ports, marks). MASQUERADE's do not: its
   * address is the out-interface's whatever the options.
   */
  private static final Set<String> OPTIONS_MATTER =
      Set.of("SNAT", "DNAT", "REDIRECT", "MARK", "CONNMARK");

  private final LineTokens t;
  private final String targetName;
  private final List<Match> matches = new ArrayList<>();
  private final Map<String, String> options = new LinkedHashMap<>();
  private final StringBuilder optionText = new StringBuilder();
  private int end;
  private boolean isGoto;

  /** "[goto]" inside text that could not be read: whether the rule is a goto is not known. */
  private boolean gotoHidden;

  private String unreadable;
  private boolean negate;
  private Target target;

  ListingExtras(LineTokens tokens, int from, String targetName) {
    this.t = tokens;
    this.targetName = targetName;
    this.end = tokens.count();
    int start = from;
    // iptables (legacy and nft) prints "[goto]" before the match texts; other builds have put it
    // last. Between readable match texts it is recognised too (see match()).
    if (start < end && t.is(start, GOTO)) {
      isGoto = true;
      start++;
    } else if (end > start && t.is(end - 1, GOTO)) {
      isGoto = true;
      end--;
    }
    int i = matches(start);
    int stop = targetText(i);
    if (stop < end) {
      unreadable = t.span(stop, end - 1);
      matches.add(new Match.Unknown(unreadable, UNREADABLE));
      gotoHidden = !isGoto && contains(stop, GOTO);
    }
    target = buildTarget();
  }

  private boolean contains(int from, String word) {
    for (int k = from; k < end; k++) {
      if (t.is(k, word)) {
        return true;
      }
    }
    return false;
  }

  List<Match> matches() {
    return matches;
  }

  Target target() {
    return target;
  }

  /** Reads match renderings; returns the index of the first token that is not one. */
  private int matches(int from) {
    int i = from;
    while (i < end) {
      if (t.is(i, "!")) {
        negate = true;
        i++;
        continue;
      }
      int next = match(i, t.raw(i));
      if (next < 0) {
        return negate ? i - 1 : i;
      }
      negate = false;
      i = next;
    }
    return i;
  }

  private int match(int i, String word) {
    switch (word) {
      case GOTO:
        if (isGoto || negate) {
          return -1;
        }
        isGoto = true;
        return i + 1;
      case "/*":
        return comment(i);
      case "tcp":
      case "udp":
      case "sctp":
        return ports(i + 1, word);
      case "multiport":
        return multiport(i + 1);
      case "mark":
        return mark(i + 1);
      case "ADDRTYPE":
        return addrType(i + 1);
      case "statistic":
        return statistic(i + 1);
      case "ctstate":
      case "state":
        return states(i + 1, word);
      case "match-set":
        return matchSet(i + 1);
      default:
        return -1;
    }
  }

  private int comment(int i) {
    for (int j = i + 1; j < end; j++) {
      if (t.raw(j).endsWith("*/")) {
        String inner = t.span(i, j);
        String body = inner.substring(2, inner.length() - 2).strip();
        matches.add(new Match.Comment(body));
        return j + 1;
      }
    }
    return -1;
  }

  private int ports(int i, String module) {
    while (i < end) {
      String word = t.raw(i);
      int colon = word.indexOf(':');
      String key = colon < 0 ? word : word.substring(0, colon + 1);
      String value = colon < 0 ? "" : word.substring(colon + 1);
      boolean negated = value.startsWith("!");
      value = negated ? value.substring(1) : value;
      switch (key) {
        case "dpt:", "dpts:" ->
            add(
                new Match.Ports(
                    module, Match.PortSide.DESTINATION, List.of(Values.portRange(value)), negated));
        case "spt:", "spts:" ->
            add(
                new Match.Ports(
                    module, Match.PortSide.SOURCE, List.of(Values.portRange(value)), negated));
        case "flags:" -> {
          if (!module.equals("tcp")) {
            return i;
          }
          int slash = value.indexOf('/');
          if (slash < 0) {
            return i;
          }
          int mask = flags(value.substring(0, slash));
          int comp = flags(value.substring(slash + 1));
          add(new Match.TcpFlags(mask, comp, negated, flagNames(mask) + " " + flagNames(comp)));
        }
        default -> {
          return i;
        }
      }
      i++;
    }
    return i;
  }

  /** Flags as the listing prints them: hex with -n, names (FIN,SYN,...) otherwise. */
  private static int flags(String text) {
    return text.startsWith("0x") ? Values.u32(text, "tcp flags") : TcpFlagNames.parse(text);
  }

  private static String flagNames(int bits) {
    String[] names = {"FIN", "SYN", "RST", "PSH", "ACK", "URG"};
    StringBuilder out = new StringBuilder();
    for (int b = 0; b < names.length; b++) {
      if ((bits & (1 << b)) != 0) {
        out.append(out.length() == 0 ? "" : ",").append(names[b]);
      }
    }
    return out.length() == 0 ? "NONE" : out.toString();
  }

  private int multiport(int i) {
    if (i + 1 >= end) {
      return -1;
    }
    Match.PortSide side =
        switch (t.raw(i)) {
          case "dports" -> Match.PortSide.DESTINATION;
          case "sports" -> Match.PortSide.SOURCE;
          case "ports" -> Match.PortSide.EITHER;
          default -> null;
        };
    if (side == null) {
      return -1;
    }
    int at = i + 1;
    boolean negated = negate;
    if (t.is(at, "!") && at + 1 < end) {
      negated = true;
      at++;
    }
    String list = t.raw(at);
    if (list.startsWith("!")) {
      negated = true;
      list = list.substring(1);
    }
    add(new Match.Ports("multiport", side, Values.portList(list), negated));
    return at + 1;
  }

  private int mark(int i) {
    if (i + 1 >= end || !t.is(i, "match")) {
      return -1;
    }
    int at = i + 1;
    boolean negated = negate;
    if (t.is(at, "!") && at + 1 < end) {
      negated = true;
      at++;
    }
    int[] vm = Values.valueMask(t.raw(at), "mark");
    add(new Match.Mark(vm[0], vm[1], negated));
    return at + 1;
  }

  private int addrType(int i) {
    if (i >= end || !t.is(i, "match")) {
      return -1;
    }
    int at = i + 1;
    int found = 0;
    while (at + 1 < end && (t.is(at, "src-type") || t.is(at, "dst-type"))) {
      boolean source = t.is(at, "src-type");
      int value = at + 1;
      boolean negated = false;
      if (t.is(value, "!") && value + 1 < end) {
        negated = true;
        value++;
      }
      String types = t.raw(value);
      if (types.startsWith("!")) {
        negated = true;
        types = types.substring(1);
      }
      add(new Match.AddrType(source, Values.words(types), negated));
      found++;
      at = value + 1;
    }
    return found == 0 ? -1 : at;
  }

  private int statistic(int i) {
    int at = i;
    while (at + 1 < end) {
      String word = t.raw(at);
      if (word.equals("mode")
          || word.equals("probability")
          || word.equals("every")
          || word.equals("packet")) {
        at += 2;
      } else {
        break;
      }
    }
    if (at == i) {
      return -1;
    }
    add(new Match.Statistic(t.span(i, at - 1), false));
    return at;
  }

  private int states(int i, String module) {
    if (i >= end) {
      return -1;
    }
    List<String> states = Values.words(t.raw(i));
    add(new Match.ConnState(module.equals("state") ? "state" : "conntrack", states, negate));
    return i + 1;
  }

  private int matchSet(int i) {
    if (i + 1 >= end) {
      return -1;
    }
    List<Boolean> flags = new ArrayList<>();
    for (String flag : Values.words(t.raw(i + 1))) {
      if (!flag.equals("src") && !flag.equals("dst")) {
        return -1;
      }
      flags.add(flag.equals("src"));
    }
    add(new Match.Set(t.raw(i), flags, negate));
    return i + 2;
  }

  private void add(Match match) {
    matches.add(match);
  }

  /** Reads the target's text from {@code i}; returns where reading stopped. */
  private int targetText(int i) {
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

  private Target buildTarget() {
    if (targetName == null) {
      return new Target.None();
    }
    if (gotoHidden) {
      return new Target.Unknown(
          targetName,
          "",
          "the listing shows \"[goto]\" within text the model cannot read (\""
              + unreadable
              + "\"): whether this rule jumps to chain "
              + targetName
              + " (-j) or goes to it (-g) is not known");
    }
    if (isGoto) {
      return new Target.Goto(targetName);
    }
    if (unreadable != null && OPTIONS_MATTER.contains(targetName)) {
      // The target's own text comes last: what could not be read may be an option of it.
      return new Target.Unknown(
          targetName,
          optionText.toString(),
          "the listing shows text the model cannot read (\""
              + unreadable
              + "\"), which may be options of "
              + targetName);
    }
    try {
      return TargetBuilder.build(targetName, options, optionText.toString());
    } catch (DumpProblem unreadable) {
      return new Target.Unknown(
          targetName,
          optionText.toString(),
          "target " + targetName + " not readable from the listing: " + unreadable.getMessage());
    }
  }
}
