package io.peerfix.nat;

/**
 * An address with a netmask as iptables holds it ({@code -d 10.0.0.0/8}; masks may also be dotted,
 * even non-contiguous). The address is stored already masked, as iptables does.
 */
record Ipv4Cidr(int address, int mask) {

  static final Ipv4Cidr ANY = new Ipv4Cidr(0, 0);

  Ipv4Cidr {
    address = address & mask;
  }

  /**
   * Parses {@code a.b.c.d}, {@code a.b.c.d/n} or {@code a.b.c.d/m.m.m.m} in {@code s[from, to)};
   * returns null when malformed.
   */
  static Ipv4Cidr parse(byte[] s, int from, int to) {
    return parse(new Latin1(s), from, to);
  }

  /** A byte array seen as chars, so dump bytes and user strings share one parser. */
  private record Latin1(byte[] bytes) implements CharSequence {
    @Override
    public int length() {
      return bytes.length;
    }

    @Override
    public char charAt(int index) {
      return (char) (bytes[index] & 0xff);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      throw new UnsupportedOperationException();
    }
  }

  static Ipv4Cidr parse(CharSequence s, int from, int to) {
    int slash = -1;
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == '/') {
        slash = i;
        break;
      }
    }
    int end = slash < 0 ? to : slash;
    long address = Ipv4.scan(s, from, end);
    if (address < 0) {
      address = IptablesAddress.address(s, from, end);
    }
    if (address < 0) {
      return null;
    }
    if (slash < 0) {
      return new Ipv4Cidr((int) address, -1);
    }
    int mask = parseMask(s, slash + 1, to);
    return mask == 1 ? null : new Ipv4Cidr((int) address, mask);
  }

  /** Returns the mask, or 1 (never a valid mask from this parser) when malformed. */
  private static int parseMask(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == '.') {
        long dotted = Ipv4.scan(s, from, to);
        dotted = dotted < 0 ? IptablesAddress.dottedMask(s, from, to) : dotted;
        return dotted < 0 ? 1 : (int) dotted;
      }
    }
    if (from == to || to - from > 2 || s.charAt(from) == '0' && to - from > 1) {
      int bits = IptablesAddress.prefix(s, from, to);
      return bits < 0 ? 1 : bits == 0 ? 0 : -1 << (32 - bits);
    }
    int bits = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return 1;
      }
      bits = bits * 10 + (c - '0');
    }
    if (bits > 32) {
      return 1;
    }
    return bits == 0 ? 0 : -1 << (32 - bits);
  }

  boolean contains(int ip) {
    return (ip & mask) == address;
  }

  boolean isAny() {
    return mask == 0;
  }

  /** iptables-save form: {@code a.b.c.d/n}, dotted mask when not contiguous. */
  @Override
  public String toString() {
    int bits = Integer.bitCount(mask);
    boolean contiguous = bits == 0 || mask == (-1 << (32 - bits));
    return Ipv4.format(address) + "/" + (contiguous ? Integer.toString(bits) : Ipv4.format(mask));
  }
}
