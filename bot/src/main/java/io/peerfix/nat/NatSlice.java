package io.peerfix.nat;

/**
 * A node's nat table cut down to what can decide a packet from a pod to an address outside the
 * cluster's Service range and not the node's own (see {@link NatSlicer}), with what was left out.
 *
 * <p>{@code table} is iptables-save text ({@code *nat} ... {@code COMMIT}), or empty when {@code
 * overLimit}: the slice was larger than the limit and nothing was kept. {@code wholeSha256} is the
 * SHA-256 of the whole table as read (hex), {@code wholeBytes} its UTF-8 size. {@code
 * droppedDestinations} is the range whose destinations the slice can no longer decide (the Service
 * range; null when nothing was dropped for it); {@code droppedNodeLocal} says rules that match only
 * the node's own addresses were dropped too.
 *
 * <p>A slice read chain by chain ({@link NatSliceWalk} on nf_tables) never saw the whole table:
 * {@code wholeSha256} is then null and {@code wholeBytes}, {@code wholeRules} and {@code
 * wholeChains} are -1 (unknown), and the slice counts as {@link #partial()}.
 */
public record NatSlice(
    String table,
    String wholeSha256,
    long wholeBytes,
    int wholeRules,
    int keptRules,
    int wholeChains,
    int keptChains,
    String droppedDestinations,
    boolean droppedNodeLocal,
    boolean overLimit,
    String note) {

  /**
   * This slice's account of what it is, without its text: where the table goes out on its own (as
   * the node's facts' nat table), the summary beside it need not carry it twice.
   */
  public NatSlice withoutTable() {
    return new NatSlice(
        "",
        wholeSha256,
        wholeBytes,
        wholeRules,
        keptRules,
        wholeChains,
        keptChains,
        droppedDestinations,
        droppedNodeLocal,
        overLimit,
        note);
  }

  /** Whether anything of the whole table is missing from {@link #table()}. */
  public boolean partial() {
    return overLimit || wholeRules < 0 || keptRules < wholeRules || keptChains < wholeChains;
  }

  /**
   * Whether the slice decides a packet to {@code destination} as the whole table would: false for
   * an address in the dropped range (a Service address), or for anything when the slice was over
   * the limit.
   */
  public boolean decides(io.peerfix.net.Ipv4 destination) {
    if (overLimit) {
      return false;
    }
    return droppedDestinations == null
        || !io.peerfix.net.Cidr.parse(droppedDestinations).contains(destination);
  }
}
