package io.peerfix.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The processes whose network namespace is one of a given set, found by comparing {@code
 * /proc/PID/ns/net} with the inode of {@code /run/netns/NAME}: no pid guessing, so a recycled pid
 * outside the lab is never touched.
 */
final class NamespaceProcesses {
  private static final Path RUN_NETNS = Path.of("/run/netns");

  private final Set<Long> pids;

  private NamespaceProcesses(Set<Long> pids) {
    this.pids = pids;
  }

  static NamespaceProcesses of(List<String> namespaces) {
    Set<String> links = new HashSet<>();
    for (String ns : namespaces) {
      inode(RUN_NETNS.resolve(ns)).ifPresent(ino -> links.add("net:[" + ino + "]"));
    }
    Set<Long> found = new HashSet<>();
    if (!links.isEmpty()) {
      try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
        procs
            .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
            .forEach(
                p -> {
                  try {
                    if (links.contains(Files.readSymbolicLink(p.resolve("ns/net")).toString())) {
                      found.add(Long.parseLong(p.getFileName().toString()));
                    }
                  } catch (IOException | UnsupportedOperationException e) {
                    // The process ended while we looked, or is not ours to read: not in the lab.
                  }
                });
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list /proc", e);
      }
    }
    return new NamespaceProcesses(found);
  }

  /** The namespace's file inode (nsfs), which is what /proc/PID/ns/net links name. */
  static Optional<Long> inode(Path nsFile) {
    try {
      return Optional.of(((Number) Files.getAttribute(nsFile, "unix:ino")).longValue());
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  boolean contains(long pid) {
    return pids.contains(pid);
  }

  Set<Long> pids() {
    return Set.copyOf(pids);
  }

  List<ProcessHandle> handles() {
    List<ProcessHandle> out = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    for (long pid : pids) {
      if (pid != self) {
        ProcessHandle.of(pid).ifPresent(out::add);
      }
    }
    return out;
  }
}
