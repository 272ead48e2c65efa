package io.peerfix.nat;

/**
 * Interns tokens of a dump without first copying them: option names come back as the constants the
 * parser switches on (hash already cached), chain names as one shared instance per chain, with room
 * to attach the chain being built. A kube-proxy table repeats a few thousand names hundreds of
 * thousands of times, so this keeps parsing from hashing and copying every occurrence.
 */
final class Names {
  /**
   * Slots of names with non-ASCII bytes, by name: {@link #find} cannot hash a String the way {@link
   * #intern} hashes the dump's bytes unless every char is one ASCII byte.
   */
  private final java.util.Map<String, Integer> wide = new java.util.HashMap<>();

  private String[] slots;
  private byte[][] raws;
  private int[] hashes;
  private Object[] attachments;
  private int size;

  Names(String... known) {
    this(0, known);
  }

  /** A table sized for about {@code expected} names (growing is a rehash of all of them). */
  Names(int expected, String... known) {
    allocate(capacity(expected + known.length));
    for (String name : known) {
      internString(name);
    }
  }

  /**
   * A fresh table sized for about {@code expected} names more, holding {@code known}'s names (the
   * same instances, nothing attached): interning the rule syntax's keywords again for every small
   * table (a node's published slice, parsed once per node of a 1,000-node diagnosis) cost more than
   * parsing its rules. {@code known} is only read.
   */
  Names(int expected, Names known) {
    int capacity = capacity(expected + known.size);
    if (capacity == known.slots.length) {
      slots = known.slots.clone();
      raws = known.raws.clone();
      hashes = known.hashes.clone();
      attachments = new Object[capacity];
      size = known.size;
      wide.putAll(known.wide);
      return;
    }
    allocate(capacity);
    copy(known.slots, known.raws, known.hashes, null);
    size = known.size;
  }

  /** Room for twice the names, a power of two: a probe then ends soon at an empty slot. */
  private static int capacity(long names) {
    int capacity = 1 << 8;
    while (capacity < 2L * names) {
      capacity <<= 1;
    }
    return capacity;
  }

  private void allocate(int capacity) {
    slots = new String[capacity];
    raws = new byte[capacity][];
    hashes = new int[capacity];
    attachments = new Object[capacity];
  }

  private void internString(String name) {
    DumpText own = DumpText.of(name);
    intern(own, 0, own.length(), true);
  }

  /** The shared instance for {@code text[start, end)}, added when {@code add} is true. */
  String intern(DumpText dump, int start, int end, boolean add) {
    byte[] b = dump.bytes();
    int hash = 0;
    for (int i = start; i < end; i++) {
      hash = 31 * hash + (b[i] & 0xff);
    }
    int mask = slots.length - 1;
    int slot = mix(hash) & mask;
    int length = end - start;
    while (true) {
      String existing = slots[slot];
      if (existing == null) {
        break;
      }
      if (hashes[slot] == hash && same(raws[slot], b, start, length)) {
        return existing;
      }
      slot = (slot + 1) & mask;
    }
    String name = dump.name(start, end);
    if (add) {
      slots[slot] = name;
      raws[slot] = java.util.Arrays.copyOfRange(b, start, end);
      hashes[slot] = hash;
      if (!ascii(raws[slot])) {
        wide.put(name, slot);
      }
      if (++size * 2 > slots.length) {
        grow();
      }
    }
    return name;
  }

  /** Compares bytes, not chars: {@code String.charAt} is slow before the JIT has warmed up. */
  private static boolean same(byte[] raw, byte[] b, int start, int length) {
    if (raw.length != length) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (raw[k] != b[start + k]) {
        return false;
      }
    }
    return true;
  }

  /** What was attached to this (interned) name, or null. */
  Object attachment(String name) {
    int slot = find(name);
    return slot < 0 ? null : attachments[slot];
  }

  /** Attaches a value to a name, interning it if needed. */
  void attach(String name, Object value) {
    int slot = find(name);
    if (slot < 0) {
      internString(name);
      slot = find(name);
    }
    attachments[slot] = value;
  }

  private int find(String name) {
    // An ASCII name's String hash is its bytes' hash: probe for it first. A name with other chars
    // was hashed from its UTF-8 bytes and is only found through wide (a probe that found such a
    // name would have found an equal one, so either way the slot is right).
    int hash = name.hashCode();
    int mask = slots.length - 1;
    int slot = mix(hash) & mask;
    while (true) {
      String existing = slots[slot];
      if (existing == null) {
        break;
      }
      if (existing == name || hashes[slot] == hash && existing.equals(name)) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
    if (wide.isEmpty()) {
      return -1;
    }
    Integer wideSlot = wide.get(name);
    return wideSlot == null ? -1 : wideSlot;
  }

  private static boolean ascii(byte[] raw) {
    for (byte b : raw) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /** Fibonacci hashing: similar names (KUBE-SEP-...01, ...02) must not land in adjacent slots. */
  private static int mix(int hash) {
    int spread = hash * 0x9E3779B9;
    return spread ^ (spread >>> 15);
  }

  private void grow() {
    String[] oldSlots = slots;
    byte[][] oldRaws = raws;
    int[] oldHashes = hashes;
    Object[] oldAttachments = attachments;
    allocate(oldSlots.length * 2);
    wide.clear();
    copy(oldSlots, oldRaws, oldHashes, oldAttachments);
  }

  /** Re-inserts the given slots into this (larger or empty) table; attachments may be null. */
  private void copy(String[] from, byte[][] fromRaws, int[] fromHashes, Object[] fromAttachments) {
    int mask = slots.length - 1;
    for (int i = 0; i < from.length; i++) {
      if (from[i] != null) {
        int slot = mix(fromHashes[i]) & mask;
        while (slots[slot] != null) {
          slot = (slot + 1) & mask;
        }
        if (!ascii(fromRaws[i])) {
          wide.put(from[i], slot);
        }
        slots[slot] = from[i];
        raws[slot] = fromRaws[i];
        hashes[slot] = fromHashes[i];
        attachments[slot] = fromAttachments == null ? null : fromAttachments[i];
      }
    }
  }
}
