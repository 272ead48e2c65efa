package io.peerfix.nat;

/** Contents of the node's ipsets as {@code ipset save} prints them; sets not given are unknown. */
public final class IpSets {
  private static final IpSets EMPTY = new IpSets();

  private IpSets() {}

  /** No set known: every {@code -m set} match makes the answer depend on that set. */
  public static IpSets empty() {
    return EMPTY;
  }

  /**
   * Parses {@code ipset save} output.
   *
   * @throws NatParseException naming the line when the text is not ipset save output
   */
  public static IpSets parseSave(String ipsetSave) {
    throw new UnsupportedOperationException("not yet");
  }

  Tri test(Match.Set match, PacketState p) {
    return Tri.unknown("set " + match.name());
  }
}
