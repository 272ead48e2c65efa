package io.peerfix.fixstore;

import io.peerfix.agent.reconcile.NodeLock;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixStore;
import io.peerfix.fix.NodeStatus;
import io.peerfix.fix.Versioned;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The lab's {@link FixStore}: files in the lab's state directory, shared by every process on the
 * lab (the agents in the node namespaces, the terminal, {@code serve --lab}).
 *
 * <p>{@code fixes/NAME.json} holds a fix with its version; creating and updating take a lock on
 * {@code fixes/.lock} (a record lock, so it works across processes) and compare the version, which
 * is what gives two approvers pressing at once one approval. {@code status/NAME/NODE.json} is one
 * node's progress, written by that node's agent alone. Every file is written to a temporary name
 * and moved into place, so a reader never sees half a file.
 */
public final class LabFixStore implements FixStore {
  private final Path fixes;
  private final Path status;
  private final NodeLock lock;

  /** Entry on disk: the store's version counter and the record. */
  record Entry(long version, FixRecord record) {}

  public LabFixStore(Path stateDir) {
    this.fixes = stateDir.resolve("fixes");
    this.status = stateDir.resolve("status");
    this.lock = new NodeLock(fixes.resolve(".lock"));
    try {
      Files.createDirectories(fixes);
      Files.createDirectories(status);
    } catch (IOException e) {
      throw new StoreException("cannot create the lab's fix store in " + stateDir, e);
    }
  }

  @Override
  public boolean create(FixRecord fix) {
    return lock.holding(
        () -> {
          Path file = file(fix.name());
          if (Files.exists(file)) {
            return false;
          }
          write(file, FixJson.write(new Entry(1, fix)));
          return true;
        });
  }

  @Override
  public Optional<Versioned<FixRecord>> get(String name) {
    return read(file(name)).map(e -> new Versioned<>(e.record(), Long.toString(e.version())));
  }

  @Override
  public List<Versioned<FixRecord>> list() {
    List<Versioned<FixRecord>> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(fixes)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        read(f).ifPresent(e -> all.add(new Versioned<>(e.record(), Long.toString(e.version()))));
      }
    } catch (IOException e) {
      throw new StoreException("cannot list " + fixes, e);
    }
    all.sort(Comparator.comparing(v -> v.value().proposedAt()));
    return all;
  }

  @Override
  public boolean update(FixRecord fix, String expectedVersion) {
    return lock.holding(
        () -> {
          Path file = file(fix.name());
          Optional<Entry> current = read(file);
          if (current.isEmpty()
              || !Long.toString(current.get().version()).equals(expectedVersion)) {
            return false;
          }
          write(file, FixJson.write(new Entry(current.get().version() + 1, fix)));
          return true;
        });
  }

  @Override
  public void putNodeStatus(NodeStatus node) {
    Path dir = status.resolve(checked(node.fix()));
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException("cannot write " + dir, e);
    }
    write(dir.resolve(checked(node.node()) + ".json"), FixJson.write(node));
  }

  @Override
  public List<NodeStatus> nodeStatuses(String name) {
    Path dir = status.resolve(checked(name));
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<NodeStatus> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        text(f).ifPresent(t -> all.add(FixJson.read(t, NodeStatus.class)));
      }
    } catch (IOException e) {
      throw new StoreException("cannot list " + dir, e);
    }
    return all;
  }

  private Path file(String name) {
    return fixes.resolve(checked(name) + ".json");
  }

  /** Names become file names: only DNS labels (what fix and node names are) get that far. */
  private static String checked(String name) {
    if (name == null || !name.matches("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?")) {
      throw new IllegalArgumentException("\"" + name + "\" is not a fix or node name");
    }
    return name;
  }

  private static Optional<Entry> read(Path file) {
    return text(file).map(t -> FixJson.read(t, Entry.class));
  }

  private static Optional<String> text(Path file) {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("cannot read " + file, e);
    }
  }

  private static void write(Path file, String content) {
    Path temp =
        file.resolveSibling(
            "."
                + file.getFileName()
                + "."
                + ProcessHandle.current().pid()
                + "."
                + Thread.currentThread().getId()
                + ".tmp");
    try {
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
