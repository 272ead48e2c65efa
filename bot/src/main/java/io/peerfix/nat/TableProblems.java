package io.peerfix.nat;

/**
 * The messages of {@link TableBuilder}'s refusals that depend on the dump's form: what the kernel
 * or the iptables tool would say, and how a complete dump of that form reads.
 */
final class TableProblems {
  private TableProblems() {}

  /** A rule in a chain never declared, as iptables-restore and iptables -A refuse it. */
  static String undeclared(DumpFormat format, String chain) {
    String declaration =
        format == DumpFormat.IPTABLES_SAVE ? ":" + chain + " - [0:0]" : "-N " + chain;
    return "chain "
        + chain
        + " does not exist: it is not built in and not declared before this rule (the kernel"
        + " refuses it; a complete dump declares it with \""
        + declaration
        + "\")";
  }

  /** A second declaration of chain {@code name}, first declared on line {@code first}. */
  static String duplicate(DumpFormat format, String name, int first) {
    return switch (format) {
      case IPTABLES_SAVE ->
          "chain "
              + name
              + " is declared twice (first on line "
              + first
              + "): iptables-legacy-restore refuses this (\"File exists\") and"
              + " iptables-nft-restore empties the chain again; give the dump as iptables-save"
              + " prints it, one declaration per chain";
      case IPTABLES_S ->
          "chain "
              + name
              + " is created twice (first on line "
              + first
              + "): iptables -N refuses this (\"Chain already exists\")";
      default -> "chain " + name + " is listed twice (first on line " + first + ")";
    };
  }
}
