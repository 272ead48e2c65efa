package io.peerfix.nat;

import java.util.Map;

/** Builds a {@link Target} from {@code -j NAME} and its options. */
final class TargetBuilder {
  private static final Map<String, Map<String, Integer>> OPTION_ARITIES = arities();

  private TargetBuilder() {}

  /**
   * The options a modeled target takes and how many values each has; null for targets that are not
   * modeled (user chains, unknown extensions).
   */
  static Map<String, Integer> optionArities(String target) {
    return OPTION_ARITIES.get(target);
  }

  private static Map<String, Map<String, Integer>> arities() {
    Map<String, Map<String, Integer>> all = new java.util.HashMap<>();
    all.put("MASQUERADE", Map.of("--to-ports", 1, "--random", 0, "--random-fully", 0));
    all.put(
        "SNAT", Map.of("--to-source", 1, "--random", 0, "--random-fully", 0, "--persistent", 0));
    all.put("DNAT", Map.of("--to-destination", 1, "--random", 0, "--persistent", 0));
    all.put("REDIRECT", Map.of("--to-ports", 1, "--random", 0));
    Map<String, Integer> mark =
        Map.of("--set-xmark", 1, "--set-mark", 1, "--and-mark", 1, "--or-mark", 1, "--xor-mark", 1);
    all.put("MARK", mark);
    Map<String, Integer> connmark = new java.util.HashMap<>(mark);
    connmark.putAll(
        Map.of("--save-mark", 0, "--restore-mark", 0, "--mask", 1, "--nfmask", 1, "--ctmask", 1));
    all.put("CONNMARK", connmark);
    all.put(
        "LOG",
        Map.of(
            "--log-prefix",
            1,
            "--log-level",
            1,
            "--log-tcp-sequence",
            0,
            "--log-tcp-options",
            0,
            "--log-ip-options",
            0,
            "--log-uid",
            0,
            "--log-macdecode",
            0));
    all.put(
        "NFLOG",
        Map.of(
            "--nflog-group",
            1,
            "--nflog-prefix",
            1,
            "--nflog-range",
            1,
            "--nflog-size",
            1,
            "--nflog-threshold",
            1));
    all.put("RETURN", Map.of());
    all.put("ACCEPT", Map.of());
    return all;
  }

  static Target build(String name, Map<String, String> opts, String options) {
    switch (name) {
      case "RETURN":
        return new Target.Return();
      case "ACCEPT":
        return new Target.Accept();
      case "DROP", "REJECT", "CT", "NOTRACK", "TPROXY":
        throw new DumpProblem(refused(name));
      case "MASQUERADE":
        return new Target.Masquerade(options);
      case "SNAT":
        return snat(opts, options);
      case "DNAT":
        return dnat(opts, options);
      case "REDIRECT":
        return redirect(opts, options);
      case "MARK":
        return mark(opts, options);
      case "CONNMARK":
        return connmark(opts, options);
      case "LOG":
      case "NFLOG":
        return new Target.Continue(name, options);
      default:
        if (KnownTargets.isExtension(name)) {
          return new Target.Unknown(name, options, "target " + name + " is not modeled");
        }
        return new Target.Jump(name);
    }
  }

  /** What the kernel (both back ends) says to a target it never allows in the nat table. */
  private static String refused(String name) {
    String belongs =
        switch (name) {
          case "DROP" ->
              "iptables: \"The nat table is not intended for filtering, the use of DROP is"
                  + " therefore inhibited\"";
          case "REJECT" -> "REJECT is only valid in the filter table";
          case "TPROXY" -> "TPROXY is only valid in the mangle table";
          default -> name + " is only valid in the raw table";
        };
    return "-j "
        + name
        + " in the nat table: the kernel refuses this table ("
        + belongs
        + "); was a rule of another table pasted into nat?";
  }

  private static Target snat(Map<String, String> opts, String options) {
    String range = opts.get("--to-source");
    if (range == null) {
      throw new DumpProblem("SNAT needs --to-source");
    }
    long[] addresses = addressRange(range);
    return new Target.Snat(addresses[0], addresses[1], options);
  }

  private static Target dnat(Map<String, String> opts, String options) {
    String range = opts.get("--to-destination");
    if (range == null) {
      throw new DumpProblem("DNAT needs --to-destination");
    }
    long[] addresses = addressRange(range);
    int colon = range.indexOf(':');
    PortRange ports = colon < 0 ? null : Values.portRange(range.substring(colon + 1));
    return new Target.Dnat(
        addresses[0], addresses[1], ports, opts.containsKey("--random"), options);
  }

  /** {@code [a[-b]][:ports]}: returns {from, to}, both -1 when no address is given. */
  private static long[] addressRange(String range) {
    int colon = range.indexOf(':');
    String addresses = colon < 0 ? range : range.substring(0, colon);
    if (colon >= 0) {
      Values.portRange(range.substring(colon + 1));
    }
    if (addresses.isEmpty()) {
      return new long[] {-1, -1};
    }
    int dash = addresses.indexOf('-');
    long from = Values.address(dash < 0 ? addresses : addresses.substring(0, dash));
    long to = dash < 0 ? from : Values.address(addresses.substring(dash + 1));
    if (to < from) {
      throw new DumpProblem("bad address range \"" + addresses + "\"");
    }
    return new long[] {from, to};
  }

  private static Target redirect(Map<String, String> opts, String options) {
    String ports = opts.get("--to-ports");
    return new Target.Redirect(
        ports == null ? null : Values.portRange(ports), opts.containsKey("--random"), options);
  }

  private static Target mark(Map<String, String> opts, String options) {
    int[] vm = markOperation(opts);
    if (vm == null) {
      throw new DumpProblem(
          "MARK needs --set-xmark, --set-mark, --and-mark, --or-mark or --xor-mark");
    }
    return new Target.Mark(vm[0], vm[1], options);
  }

  /** {value, mask} so that new = (old AND NOT mask) XOR value, as the kernel's xt_MARK does. */
  private static int[] markOperation(Map<String, String> opts) {
    if (opts.containsKey("--set-xmark")) {
      return Values.valueMask(opts.get("--set-xmark"), "mark");
    }
    if (opts.containsKey("--set-mark")) {
      int[] vm = Values.valueMask(opts.get("--set-mark"), "mark");
      return new int[] {vm[0], vm[1] | vm[0]};
    }
    if (opts.containsKey("--and-mark")) {
      return new int[] {0, ~Values.u32(opts.get("--and-mark"), "mark")};
    }
    if (opts.containsKey("--or-mark")) {
      int bits = Values.u32(opts.get("--or-mark"), "mark");
      return new int[] {bits, bits};
    }
    if (opts.containsKey("--xor-mark")) {
      return new int[] {Values.u32(opts.get("--xor-mark"), "mark"), 0};
    }
    return null;
  }

  private static Target connmark(Map<String, String> opts, String options) {
    int mask = opts.containsKey("--mask") ? Values.u32(opts.get("--mask"), "mask") : -1;
    int ctMask = opts.containsKey("--ctmask") ? Values.u32(opts.get("--ctmask"), "mask") : mask;
    int nfMask = opts.containsKey("--nfmask") ? Values.u32(opts.get("--nfmask"), "mask") : mask;
    if (opts.containsKey("--save-mark")) {
      return new Target.ConnMark("SAVE", 0, 0, ctMask, nfMask, options);
    }
    if (opts.containsKey("--restore-mark")) {
      return new Target.ConnMark("RESTORE", 0, 0, ctMask, nfMask, options);
    }
    int[] vm = markOperation(opts);
    if (vm == null) {
      throw new DumpProblem("CONNMARK needs --set-xmark, --save-mark, --restore-mark or similar");
    }
    return new Target.ConnMark("SET", vm[0], vm[1], -1, -1, options);
  }
}
