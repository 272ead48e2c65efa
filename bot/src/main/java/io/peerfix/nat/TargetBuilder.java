package io.peerfix.nat;

import java.util.Map;

/** Builds a {@link Target} from {@code -j NAME} and its options. */
final class TargetBuilder {
  private TargetBuilder() {}

  static Target build(String name, Map<String, String> opts, String options) {
    switch (name) {
      case "RETURN":
        return new Target.Return();
      case "ACCEPT":
        return new Target.Accept();
      case "DROP":
        return new Target.Unknown(name, options, "DROP in the nat table is not modeled");
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
    int port = colon < 0 ? 0 : Values.portRange(range.substring(colon + 1)).from();
    return new Target.Dnat(addresses[0], addresses[1], port, options);
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
    int port = ports == null ? 0 : Values.portRange(ports).from();
    return new Target.Redirect(port, options);
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
