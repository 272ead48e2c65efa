package io.peerfix.nat;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the options of one {@code -A CHAIN ...} line (iptables-save and -S syntax) into matches and
 * a target. Known modules and targets are modeled; an unknown module, or an option of a known
 * module the model does not handle, becomes a {@link Match.Unknown} so evaluation forks there; an
 * option that belongs to nothing is an error, as it is for iptables.
 */
final class RuleParser {
  /** Parsed rule body; {@code targetName} is set for {@code -j X} that may be a chain. */
  record Body(Match[] matches, Target target) {}

  private static final Match[] NO_MATCHES = new Match[0];

  private final LineTokens t;
  private final Names names;
  private List<Match> matches;
  private final List<Match> scratch = new ArrayList<>(8);
  private boolean negate;
  private String module;
  private int moduleToken;
  private int moduleLast;
  private int moduleMatchStart;
  private String moduleUnknownWhy;
  private String protocolModule;

  /** The rule's -p (number, 0 = all, -1 = none given) and whether it is negated. */
  private int ruleProtocol;

  private boolean ruleProtocolNegated;

  /** The -m tcp/udp/sctp module of the rule, and whether it has -m multiport. */
  private String portModule;

  private boolean multiport;

  /**
   * Whether {@link Body#matches()} is wanted. Reading a dump only validates the matches (the table
   * does not keep them, see {@link Rule#matches()}), so it skips building the common ones.
   */
  private final boolean keepMatches;

  private final ModuleOptions modules;
  private final TargetOptions target;
  private final HeaderOptions header;

  RuleParser(LineTokens tokens, Names names) {
    this(tokens, names, true);
  }

  /** With {@code keepMatches} false, {@link Body#matches()} is null: the rule is only checked. */
  RuleParser(LineTokens tokens, Names names, boolean keepMatches) {
    this.t = tokens;
    this.names = names;
    this.keepMatches = keepMatches;
    this.modules = new ModuleOptions(this, tokens);
    this.target = new TargetOptions(this, tokens);
    this.header = new HeaderOptions(this, tokens);
  }

  /** The token as a shared string: keywords and chain names are not copied again. */
  private String name(int i, boolean add) {
    return names.intern(t.dump(), t.start(i), t.end(i), add);
  }

  Body parse(int from) {
    matches = scratch;
    matches.clear();
    negate = false;
    module = null;
    protocolModule = null;
    ruleProtocol = -1;
    ruleProtocolNegated = false;
    portModule = null;
    multiport = false;
    target.reset();
    int n = t.count();
    for (int i = from; i < n; i++) {
      if (t.is(i, "!")) {
        if (negate) {
          throw new DumpProblem("two \"!\" in a row");
        }
        negate = true;
        continue;
      }
      if (t.first(i) != '-' || t.length(i) < 2) {
        throw new DumpProblem("unexpected \"" + NatParseException.cut(t.raw(i)) + "\"");
      }
      i = option(i);
    }
    if (negate) {
      throw new DumpProblem("\"!\" at the end of the rule");
    }
    closeModule();
    RuleRefusals.protocolModules(portModule, ruleProtocol, ruleProtocolNegated, multiport);
    // An exact-size array: a big table keeps 100,000+ of these lists alive.
    if (!keepMatches) {
      return new Body(null, target.build());
    }
    return new Body(matches.isEmpty() ? NO_MATCHES : matches.toArray(NO_MATCHES), target.build());
  }

  private int option(int i) {
    String opt = t.length(i) == 2 ? t.shortOption(i) : name(i, false);
    switch (opt) {
      case "-s", "--source", "--src" -> {
        return header.address(i, true);
      }
      case "-d", "--destination", "--dst" -> {
        return header.address(i, false);
      }
      case "-i", "--in-interface" -> {
        return header.iface(i, true);
      }
      case "-o", "--out-interface" -> {
        return header.iface(i, false);
      }
      case "-p", "--protocol" -> {
        return protocol(i);
      }
      case "-f", "--fragment" -> {
        matches.add(new Match.Fragment(takeNegate()));
        return i;
      }
      case "-m", "--match" -> {
        closeModule();
        noNegate(opt);
        need(i);
        module = name(i + 1, true);
        moduleToken = i;
        moduleLast = i + 1;
        moduleMatchStart = matches.size();
        moduleUnknownWhy =
            RuleWords.MODULES.contains(module) ? null : "match -m " + module + " (not modeled)";
        if (module.equals("tcp") || module.equals("udp") || module.equals("sctp")) {
          portModule = module;
        }
        multiport |= module.equals("multiport");
        return i + 1;
      }
      case "-j", "--jump", "-g", "--goto" -> {
        noNegate(opt);
        if (target.named()) {
          throw new DumpProblem("more than one target");
        }
        need(i);
        target.start(name(i + 1, true), opt.equals("-g") || opt.equals("--goto"), i);
        return i + 1;
      }
      case "-c", "--set-counters" -> {
        need(i);
        need(i + 1);
        return i + 2;
      }
      default -> {
        return extensionOption(i, opt);
      }
    }
  }

  private int extensionOption(int i, String opt) {
    if (target.named()) {
      int next = target.option(i, opt);
      if (next >= 0) {
        return next;
      }
    }
    if (module != null) {
      int next = moduleUnknownWhy == null ? modules.option(module, i, opt) : -1;
      if (next < 0) {
        if (moduleUnknownWhy == null) {
          moduleUnknownWhy = "option " + opt + " of -m " + module + " (not modeled)";
        }
        next = skipValues(i);
      }
      moduleLast = next;
      return next;
    }
    if (protocolModule != null) {
      int next = modules.option(protocolModule, i, opt);
      if (next >= 0) {
        return next;
      }
    }
    throw new DumpProblem("unknown option \"" + opt + "\"");
  }

  int skipValues(int i) {
    int j = i + 1;
    while (j < t.count() && t.first(j) != '-' && !t.is(j, "!")) {
      j++;
    }
    negate = false;
    return j - 1;
  }

  /** Ends the current -m module: an unknown one becomes one {@link Match.Unknown}. */
  private void closeModule() {
    if (module == null) {
      return;
    }
    if (moduleUnknownWhy != null) {
      while (matches.size() > moduleMatchStart) {
        matches.remove(matches.size() - 1);
      }
      if (keepMatches) {
        matches.add(new Match.Unknown(t.span(moduleToken, moduleLast), moduleUnknownWhy));
      }
    } else if (module.equals("statistic") && matches.size() > moduleMatchStart) {
      matches.set(
          moduleMatchStart, new Match.Statistic(t.span(moduleToken + 2, moduleLast), false));
    }
    module = null;
  }

  private int protocol(int i) {
    boolean negated = takeNegate();
    int at = oldStyleNegate(i);
    negated |= at > i;
    need(at);
    // tcp and udp are nearly all the protocols of a big table: no copy, no lookup for them.
    int number = t.is(at + 1, "tcp") ? 6 : t.is(at + 1, "udp") ? 17 : Protocols.number(value(at));
    if (number < 0) {
      throw new DumpProblem("unknown protocol \"" + value(at) + "\"");
    }
    ruleProtocol = number;
    ruleProtocolNegated = negated;
    if (keepMatches) {
      matches.add(new Match.Protocol(number, negated));
    }
    if (!negated && (number == 6 || number == 17 || number == 132)) {
      protocolModule = Protocols.name(number);
    }
    return at + 1;
  }

  String value(int i) {
    need(i);
    return t.value(i + 1);
  }

  /** Checks that option {@code i} has a value without copying it out of the dump. */
  void need(int i) {
    if (i + 1 >= t.count()) {
      throw new DumpProblem("option \"" + t.raw(i) + "\" needs a value");
    }
  }

  /** Old syntax {@code --dport ! 80}: returns the index of the "!" token, or i. */
  int oldStyleNegate(int i) {
    return i + 1 < t.count() && t.is(i + 1, "!") ? i + 1 : i;
  }

  boolean takeNegate() {
    boolean was = negate;
    negate = false;
    return was;
  }

  void noNegate(String opt) {
    if (negate) {
      throw new DumpProblem("\"!\" cannot negate " + opt);
    }
  }

  /** Adds a match of the module being read. */
  void add(Match match) {
    matches.add(match);
  }

  /** Whether the rule's matches are kept (see {@link #keepMatches}). */
  boolean keepsMatches() {
    return keepMatches;
  }

  /** Whether the module being read has added no match yet. */
  boolean moduleHasNoMatch() {
    return matches.size() == moduleMatchStart;
  }

  /** Drops a pending "!": the option just read took no negation. */
  void clearNegate() {
    negate = false;
  }
}
