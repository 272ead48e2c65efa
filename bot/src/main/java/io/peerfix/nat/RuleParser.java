package io.peerfix.nat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
  private final Map<String, Target> jumps = new java.util.HashMap<>();
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
  private String targetName;
  private boolean isGoto;
  private int targetToken;
  private int targetLast;
  private Map<String, String> targetOptions;

  /**
   * Whether {@link Body#matches()} is wanted. Reading a dump only validates the matches (the table
   * does not keep them, see {@link Rule#matches()}), so it skips building the common ones.
   */
  private final boolean keepMatches;

  RuleParser(LineTokens tokens, Names names) {
    this(tokens, names, true);
  }

  /** With {@code keepMatches} false, {@link Body#matches()} is null: the rule is only checked. */
  RuleParser(LineTokens tokens, Names names, boolean keepMatches) {
    this.t = tokens;
    this.names = names;
    this.keepMatches = keepMatches;
  }

  /** A fresh name table knowing every keyword of the rule syntax. */
  static Names names() {
    return new Names(RuleWords.KEYWORDS);
  }

  /**
   * As {@link #names()}, sized for the chain names of {@code dumpBytes} bytes of dump (a kube-proxy
   * table declares a chain per ~420 bytes), so a big table does not rehash it as it grows.
   */
  static Names names(long dumpBytes) {
    return new Names((int) Math.min(dumpBytes / 400, 1 << 22), KNOWN_WORDS);
  }

  /** The keywords interned once, copied into each dump's table (never attached to or grown). */
  private static final Names KNOWN_WORDS = new Names(RuleWords.KEYWORDS);

  /** Two-char options without hashing: they are most of the tokens of a big table. */
  private String shortOption(int i) {
    char c = t.second(i);
    if (t.first(i) != '-') {
      return t.raw(i);
    }
    return switch (c) {
      case 's' -> "-s";
      case 'd' -> "-d";
      case 'i' -> "-i";
      case 'o' -> "-o";
      case 'p' -> "-p";
      case 'f' -> "-f";
      case 'm' -> "-m";
      case 'j' -> "-j";
      case 'g' -> "-g";
      case 'c' -> "-c";
      default -> t.raw(i);
    };
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
    targetName = null;
    targetOptions = null;
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
      return new Body(null, buildTarget());
    }
    return new Body(matches.isEmpty() ? NO_MATCHES : matches.toArray(NO_MATCHES), buildTarget());
  }

  private int option(int i) {
    String opt = t.length(i) == 2 ? shortOption(i) : name(i, false);
    switch (opt) {
      case "-s", "--source", "--src" -> {
        return address(i, true);
      }
      case "-d", "--destination", "--dst" -> {
        return address(i, false);
      }
      case "-i", "--in-interface" -> {
        return iface(i, true);
      }
      case "-o", "--out-interface" -> {
        return iface(i, false);
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
        if (targetName != null) {
          throw new DumpProblem("more than one target");
        }
        need(i);
        targetName = name(i + 1, true);
        isGoto = opt.equals("-g") || opt.equals("--goto");
        targetToken = i;
        targetLast = i + 1;
        targetOptions = null;
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
    if (targetName != null) {
      int next = targetOption(i, opt);
      if (next >= 0) {
        return next;
      }
    }
    if (module != null) {
      int next = moduleUnknownWhy == null ? moduleOption(module, i, opt) : -1;
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
      int next = moduleOption(protocolModule, i, opt);
      if (next >= 0) {
        return next;
      }
    }
    throw new DumpProblem("unknown option \"" + opt + "\"");
  }

  private int skipValues(int i) {
    int j = i + 1;
    while (j < t.count() && t.first(j) != '-' && !t.is(j, "!")) {
      j++;
    }
    negate = false;
    return j - 1;
  }

  private int moduleOption(String mod, int i, String opt) {
    switch (mod) {
      case "tcp", "udp", "sctp" -> {
        return portOption(mod, i, opt);
      }
      case "multiport" -> {
        Match.PortSide side =
            switch (opt) {
              case "--dports", "--destination-ports" -> Match.PortSide.DESTINATION;
              case "--sports", "--source-ports" -> Match.PortSide.SOURCE;
              case "--ports" -> Match.PortSide.EITHER;
              default -> null;
            };
        if (side == null) {
          return -1;
        }
        boolean negated = takeNegate();
        matches.add(new Match.Ports("multiport", side, Values.portList(value(i)), negated));
        return i + 1;
      }
      case "comment" -> {
        if (!opt.equals("--comment")) {
          return -1;
        }
        // Never affects matching and stays visible in the rule's own text: not kept as a match,
        // and not even copied out of the dump (nearly every rule of a kube-proxy table has one).
        need(i);
        return i + 1;
      }
      case "mark" -> {
        if (!opt.equals("--mark")) {
          return -1;
        }
        boolean negated = takeNegate();
        int[] vm = Values.valueMask(value(i), "mark");
        matches.add(new Match.Mark(vm[0], vm[1], negated));
        return i + 1;
      }
      case "addrtype" -> {
        return addrTypeOption(i, opt);
      }
      case "set" -> {
        return setOption(i, opt);
      }
      case "conntrack", "state" -> {
        if (!opt.equals(mod.equals("state") ? "--state" : "--ctstate")) {
          return -1;
        }
        boolean negated = takeNegate();
        List<String> states = knownWords(i, RuleWords.CT_STATES, "connection state");
        matches.add(new Match.ConnState(mod, states, negated));
        return i + 1;
      }
      case "statistic" -> {
        return statisticOption(i, opt);
      }
      default -> {
        return -1;
      }
    }
  }

  private int portOption(String mod, int i, String opt) {
    switch (opt) {
      case "--dport", "--destination-port", "--sport", "--source-port" -> {
        boolean negated = takeNegate();
        int at = oldStyleNegate(i);
        negated |= at > i;
        Match.PortSide side =
            opt.equals("--dport") || opt.equals("--destination-port")
                ? Match.PortSide.DESTINATION
                : Match.PortSide.SOURCE;
        PortRange range = portRange(at + 1);
        if (keepMatches) {
          matches.add(new Match.Ports(mod, side, List.of(range), negated));
        }
        return at + 1;
      }
      case "--syn" -> {
        if (!mod.equals("tcp")) {
          return -1;
        }
        matches.add(new Match.TcpFlags(0x17, 0x02, takeNegate(), "FIN,SYN,RST,ACK SYN"));
        return i;
      }
      case "--tcp-flags" -> {
        if (!mod.equals("tcp")) {
          return -1;
        }
        boolean negated = takeNegate();
        String mask = value(i);
        String comparison = value(i + 1);
        matches.add(
            new Match.TcpFlags(
                TcpFlagNames.parse(mask),
                TcpFlagNames.parse(comparison),
                negated,
                mask + " " + comparison));
        return i + 2;
      }
      default -> {
        return -1;
      }
    }
  }

  private int addrTypeOption(int i, String opt) {
    boolean source = opt.equals("--src-type");
    if (!source && !opt.equals("--dst-type")) {
      return -1;
    }
    boolean negated = takeNegate();
    List<String> types = knownWords(i, RuleWords.ADDRESS_TYPES, "address type");
    matches.add(new Match.AddrType(source, types, negated));
    return i + 1;
  }

  private int setOption(int i, String opt) {
    if (!opt.equals("--match-set")) {
      return -1;
    }
    boolean negated = takeNegate();
    String name = value(i);
    List<Boolean> flags = new ArrayList<>();
    for (String flag : Values.words(value(i + 1))) {
      if (!flag.equals("src") && !flag.equals("dst")) {
        throw new DumpProblem("bad --match-set direction \"" + flag + "\" (src or dst)");
      }
      flags.add(flag.equals("src"));
    }
    matches.add(new Match.Set(name, flags, negated));
    return i + 2;
  }

  private int statisticOption(int i, String opt) {
    switch (opt) {
      case "--mode", "--probability", "--every", "--packet" -> {
        need(i);
        negate = false;
        if (keepMatches && matches.size() == moduleMatchStart) {
          matches.add(new Match.Statistic("", false));
        }
        return i + 1;
      }
      default -> {
        return -1;
      }
    }
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

  private int address(int i, boolean source) {
    boolean negated = takeNegate();
    int at = oldStyleNegate(i);
    negated |= at > i;
    need(at);
    Ipv4Cidr cidr = Ipv4Cidr.parse(t.dump().bytes(), t.start(at + 1), t.end(at + 1));
    if (cidr == null) {
      String text = t.raw(at + 1);
      throw new DumpProblem(
          text.indexOf(':') >= 0
              ? "IPv6 address \"" + text + "\": peerfix models IPv4 nat only"
              : "bad address \"" + NatParseException.cut(text) + "\"");
    }
    if (keepMatches) {
      matches.add(new Match.Address(source, cidr, negated));
    }
    return at + 1;
  }

  private int iface(int i, boolean in) {
    boolean negated = takeNegate();
    int at = oldStyleNegate(i);
    negated |= at > i;
    String name = value(at);
    if (name.length() > 15) {
      throw new DumpProblem("interface name \"" + name + "\" is longer than 15 characters");
    }
    matches.add(new Match.Interface(in, name, negated));
    return at + 1;
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

  private int targetOption(int i, String opt) {
    Map<String, Integer> known = TargetBuilder.optionArities(targetName);
    if (known == null) {
      if (!KnownTargets.isExtension(targetName) && !targetName.equals("DROP")) {
        return -1;
      }
      int next = skipValues(i);
      targetLast = next;
      return next;
    }
    Integer arity = known.get(opt);
    if (arity == null) {
      return -1;
    }
    noNegate(opt);
    if (targetOptions == null) {
      targetOptions = new LinkedHashMap<>();
    }
    targetOptions.put(opt, arity == 0 ? "" : value(i));
    targetLast = i + arity;
    return i + arity;
  }

  private Target buildTarget() {
    if (targetName == null) {
      return new Target.None();
    }
    String options = t.span(targetToken + 2, targetLast);
    if (isGoto) {
      return new Target.Goto(targetName);
    }
    if (targetOptions == null
        && TargetBuilder.optionArities(targetName) == null
        && !KnownTargets.isExtension(targetName)) {
      // Jumps to the same chain share one target object.
      return jumps.computeIfAbsent(targetName, Target.Jump::new);
    }
    return TargetBuilder.build(
        targetName, targetOptions == null ? Map.of() : targetOptions, options);
  }

  private String value(int i) {
    need(i);
    return t.value(i + 1);
  }

  /** The comma-separated value of option {@code i}, each word one of {@code known}. */
  private List<String> knownWords(int i, Set<String> known, String what) {
    List<String> words = Values.words(value(i));
    for (String word : words) {
      if (!known.contains(word)) {
        throw new DumpProblem("unknown " + what + " \"" + word + "\"");
      }
    }
    return words;
  }

  /**
   * A port range token; a plain port (the common case) is read from the dump's bytes without
   * copying, anything else goes through {@link Values#portRange(String)}.
   */
  private PortRange portRange(int token) {
    need(token - 1);
    byte[] b = t.dump().bytes();
    int start = t.start(token);
    int end = t.end(token);
    if (end - start > 0 && end - start <= 5) {
      int port = 0;
      int k = start;
      while (k < end && b[k] >= '0' && b[k] <= '9') {
        port = port * 10 + (b[k] - '0');
        k++;
      }
      if (k == end && port <= 65535) {
        return new PortRange(port, port);
      }
    }
    return Values.portRange(t.value(token));
  }

  /** Checks that option {@code i} has a value without copying it out of the dump. */
  private void need(int i) {
    if (i + 1 >= t.count()) {
      throw new DumpProblem("option \"" + t.raw(i) + "\" needs a value");
    }
  }

  /** Old syntax {@code --dport ! 80}: returns the index of the "!" token, or i. */
  private int oldStyleNegate(int i) {
    return i + 1 < t.count() && t.is(i + 1, "!") ? i + 1 : i;
  }

  private boolean takeNegate() {
    boolean was = negate;
    negate = false;
    return was;
  }

  private void noNegate(String opt) {
    if (negate) {
      throw new DumpProblem("\"!\" cannot negate " + opt);
    }
  }
}
