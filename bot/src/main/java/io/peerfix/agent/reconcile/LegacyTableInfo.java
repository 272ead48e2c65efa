package io.peerfix.agent.reconcile;

import com.sun.jna.LastErrorException;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The legacy nat table's stamp from the kernel's own summary of it, {@code getsockopt(IPPROTO_IP,
 * IPT_SO_GET_INFO)} on a raw socket (what libiptc asks before it copies a table): the hooks in use,
 * where each built-in chain starts and ends, the number of entries and the table's size in bytes.
 * Every rule added or removed, every flush and every restore of a table with other rules changes
 * them; it costs microseconds where listing one chain copies and parses the whole table (250 ms of
 * CPU with 140,000 lines). What it cannot see is a rewrite to exactly as many bytes in the same
 * places (a rule replaced by one of the same size, two rules of one chain swapped): the full check
 * at its longer interval is there for that.
 */
final class LegacyTableInfo implements StampSource {
  private static final int IPT_SO_GET_INFO = 64;
  private static final int NAME_LENGTH = 32;
  // name[32], valid_hooks, hook_entry[5], underflow[5], num_entries, size: all unsigned ints.
  private static final int WORDS = 13;
  private static final int INFO_SIZE = NAME_LENGTH + 4 * WORDS;

  // The legacy tables of the calling thread's network namespace.
  private static final Path TABLES = Path.of("/proc/thread-self/net/ip_tables_names");

  private final KernelSocket socket;

  private LegacyTableInfo(KernelSocket socket) {
    this.socket = socket;
  }

  /**
   * The nat table's info through a raw socket in {@code netns} (or here), if that namespace has a
   * legacy nat table: asking for one it lacks would make the kernel create it.
   */
  static LegacyTableInfo open(Libc libc, Optional<Path> netns) {
    return new LegacyTableInfo(
        KernelSocket.open(
            libc,
            netns,
            () -> {
              if (!legacyNatTableExists()) {
                throw new IllegalStateException("no legacy nat table in the network namespace");
              }
              return libc.socket(Libc.AF_INET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.IPPROTO_RAW);
            }));
  }

  private static boolean legacyNatTableExists() {
    try {
      return Files.readAllLines(TABLES).contains("nat");
    } catch (IOException e) {
      return false; // no ip_tables module at all
    }
  }

  @Override
  public TableStamp read() throws LastErrorException {
    byte[] info = new byte[INFO_SIZE];
    byte[] name = "nat".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(name, 0, info, 0, name.length);
    IntByReference length = new IntByReference(INFO_SIZE);
    socket.libc().getsockopt(socket.fd(), Libc.SOL_IP, IPT_SO_GET_INFO, info, length);
    ByteBuffer words = ByteBuffer.wrap(info, NAME_LENGTH, 4 * WORDS).order(ByteOrder.nativeOrder());
    long[] stamp = new long[WORDS];
    for (int i = 0; i < WORDS; i++) {
      stamp[i] = Integer.toUnsignedLong(words.getInt());
    }
    return TableStamp.of(stamp);
  }

  /** The number of entries in the stamp (rules, chain heads and ends, the table's end). */
  static long entries(TableStamp stamp) {
    return stamp.words().get(WORDS - 2);
  }

  @Override
  public String describe() {
    return "the legacy nat table's kernel info (getsockopt IPT_SO_GET_INFO)";
  }

  @Override
  public void close() {
    socket.close();
  }
}
