package io.peerfix.schedule;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a schedule's ledger lives, shared by every replica: one small text document per schedule,
 * written only over the version it was read at (compare and set), so two replicas never overwrite
 * each other. A Kubernetes ConfigMap in a cluster ({@link ConfigMapLedgerStore}), a file under the
 * lab's state directory in the lab ({@link FileLedgerStore}).
 */
public interface LedgerStore {
  /** A document as read, with the version a write must name; no text when it does not exist. */
  record Versioned(Optional<String> text, String version) {
    public Versioned {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(version, "version");
    }

    public static Versioned absent() {
      return new Versioned(Optional.empty(), "");
    }
  }

  Versioned read(String schedule);

  /**
   * Writes {@code text} if the document is still at {@code basis}'s version.
   *
   * @return false when another writer changed it since (read again and retry)
   */
  boolean write(String schedule, String text, Versioned basis);
}
