package io.peerfix.agent;

import io.peerfix.agent.NatSliceReader.Read;
import io.peerfix.agent.reconcile.TableStamp;
import io.peerfix.agent.reconcile.TableStamps;
import io.peerfix.net.Ipv4;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The published slice read again only when the nat table may have changed: the kernel's stamp of
 * the table ({@link TableStamps}, microseconds) is read before each read of the slice, and an equal
 * stamp at the next publication (same back end, same node addresses) gives the last slice without a
 * read. With no stamp it reads every time; and it reads at least every {@link #READ_EVERY}
 * publications anyway, since the legacy stamp cannot see a rewrite to exactly as many bytes.
 *
 * <p>The stamp is read before the slice, so a change during a read moves the stamp away from the
 * one remembered and the next publication reads again.
 */
final class StampedSlices {
  /** Publications (five minutes apart) between reads when the stamp never moves: an hour. */
  static final int READ_EVERY = 12;

  private final Function<IptablesBackend, TableStamps> opener;
  private IptablesBackend openedFor;
  private TableStamps stamps;
  private Optional<TableStamp> readAt = Optional.empty();
  private IptablesBackend readFor;
  private List<Ipv4> readWith;
  private Read last;
  private int reused;
  private int reads;

  StampedSlices(Function<IptablesBackend, TableStamps> opener) {
    this.opener = opener;
  }

  /** The last read when the stamp says the table is as it was then, else {@code read}'s answer. */
  Read get(IptablesBackend backend, List<Ipv4> own, Supplier<Read> read) {
    if (backend != openedFor) {
      stamps = opener.apply(backend);
      openedFor = backend;
    }
    Optional<TableStamp> now = stamps.read();
    if (last != null
        && now.isPresent()
        && now.equals(readAt)
        && backend == readFor
        && own.equals(readWith)
        && reused < READ_EVERY - 1) {
      reused++;
      return last;
    }
    Read fresh = read.get();
    reads++;
    reused = 0;
    // A failed read is not remembered: the next publication tries again whatever the stamp.
    last = fresh.slice().isPresent() ? fresh : null;
    readAt = now;
    readFor = backend;
    readWith = List.copyOf(own);
    return fresh;
  }

  /** How many times the slice was read (not taken from the last read). */
  int reads() {
    return reads;
  }
}
