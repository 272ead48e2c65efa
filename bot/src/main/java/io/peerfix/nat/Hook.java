package io.peerfix.nat;

/** The netfilter hooks that have a nat chain, and which interfaces the kernel knows there. */
enum Hook {
  PREROUTING(true, false),
  INPUT(true, false),
  OUTPUT(false, true),
  POSTROUTING(false, true);

  private final boolean hasIn;
  private final boolean hasOut;

  Hook(boolean hasIn, boolean hasOut) {
    this.hasIn = hasIn;
    this.hasOut = hasOut;
  }

  boolean hasInInterface() {
    return hasIn;
  }

  boolean hasOutInterface() {
    return hasOut;
  }

  /** Whether source NAT (MASQUERADE, SNAT) is allowed here; else destination NAT is. */
  boolean isSourceNat() {
    return this == POSTROUTING || this == INPUT;
  }
}
