package io.peerfix.schedule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lab's ledger: one file per schedule under the lab's state directory ({@code
 * schedule-NAME.json}). A write holds an exclusive lock on a sidecar lock file (between processes)
 * and a per-file monitor (between threads of one process, where file locks do not apply), compares
 * the content's digest with the version read, and replaces the file atomically.
 */
public final class FileLedgerStore implements LedgerStore {
  private static final ConcurrentHashMap<Path, Object> MONITORS = new ConcurrentHashMap<>();

  private final Path dir;

  public FileLedgerStore(Path dir) {
    this.dir = dir;
  }

  @Override
  public Versioned read(String schedule) {
    Path file = file(schedule);
    try {
      if (!Files.exists(file)) {
        return Versioned.absent();
      }
      String text = Files.readString(file);
      return new Versioned(Optional.of(text), digest(text));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the schedule ledger " + file, e);
    }
  }

  @Override
  public boolean write(String schedule, String text, Versioned basis) {
    Path file = file(schedule);
    synchronized (MONITORS.computeIfAbsent(file.toAbsolutePath(), p -> new Object())) {
      try {
        Files.createDirectories(dir);
        try (FileChannel lock =
                FileChannel.open(
                    dir.resolve("schedule-" + schedule + ".lock"),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock held = lock.lock()) {
          if (!read(schedule).version().equals(basis.version())) {
            return false;
          }
          Path temp = dir.resolve("schedule-" + schedule + ".json.tmp");
          Files.writeString(temp, text);
          Files.move(
              temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          return true;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the schedule ledger " + file, e);
      }
    }
  }

  private Path file(String schedule) {
    return dir.resolve("schedule-" + schedule + ".json");
  }

  private static String digest(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
