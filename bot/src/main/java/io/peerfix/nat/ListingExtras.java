package io.peerfix.nat;

import java.util.ArrayList;
import java.util.List;
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
  private int end;
  private boolean isGoto;

  /** "[goto]" inside text that could not be read: whether the rule is a goto is not known. */
  private boolean gotoHidden;

  private String unreadable;
  private boolean negate;
  private Target target;
  private ListingTargetText targetText;

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
    targetText = new ListingTargetText(t, targetName, end);
    int stop = targetText.read(i);
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
        return ListingPorts.ports(t, i + 1, end, word, matches);
      case "multiport":
        return ListingPorts.multiport(t, i + 1, end, negate, matches);
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
          targetText.text(),
          "the listing shows text the model cannot read (\""
              + unreadable
              + "\"), which may be options of "
              + targetName);
    }
    try {
      return TargetBuilder.build(targetName, targetText.options(), targetText.text());
    } catch (DumpProblem unreadable) {
      return new Target.Unknown(
          targetName,
          targetText.text(),
          "target " + targetName + " not readable from the listing: " + unreadable.getMessage());
    }
  }
}
