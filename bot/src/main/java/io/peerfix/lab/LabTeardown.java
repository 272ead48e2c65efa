package io.peerfix.lab;

import io.peerfix.exec.CommandRunner;
import io.peerfix.lab.LabState.LabProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Removes a lab completely: every process running in one of its namespaces (found through {@code
 * /proc}, so also programs it never recorded), the namespaces, the resolver files and the state
 * directory with PostgreSQL's data. Works from the recorded state, from the namespace names alone
 * (a crash before the state was written), or both; a lab that is not there is not an error.
 */
final class LabTeardown {
  private static final Duration GRACE = Duration.ofSeconds(3);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final CommandRunner runner;
  private final Netns netns;
  private final LabPaths paths;
  private final LabStateStore store;

  LabTeardown(CommandRunner runner, LabPaths paths) {
    this.runner = runner;
    this.netns = new Netns(runner);
    this.paths = paths;
    this.store = new LabStateStore(paths);
  }

  /** Removes lab {@code lab}; returns how many namespaces it removed. */
  int remove(String lab) {
    Optional<LabState> state = store.read(lab);
    LabLayout naming = new LabLayout(lab, 0);
    Set<String> namespaces = new LinkedHashSet<>();
    state.ifPresent(s -> namespaces.addAll(s.namespaces()));
    List<String> all = netns.list();
    all.stream().filter(naming::owns).forEach(namespaces::add);
    List<String> existing = all.stream().filter(namespaces::contains).toList();

    stopDaemons(lab, state.map(LabState::processes).orElse(List.of()));
    stopProcesses(state.map(LabState::processes).orElse(List.of()), existing);
    if (!existing.isEmpty()) {
      netns.batchAll(existing.stream().map(ns -> "netns delete " + ns).toList());
    }
    Set<String> resolverDirs = new LinkedHashSet<>();
    state.ifPresent(s -> resolverDirs.addAll(s.resolverDirs()));
    ownedResolverDirs(naming).forEach(d -> resolverDirs.add(d.toString()));
    resolverDirs.forEach(d -> deleteTree(Path.of(d)));
    deleteTree(paths.dataDir(lab));
    deleteTree(paths.stateDir(lab));
    return existing.size();
  }

  /**
   * Stops the recorded member daemons by pid, also those whose namespace is already gone; a pid is
   * only signalled while its command line still names this lab's socket (no recycled pid is hit).
   */
  private void stopDaemons(String lab, List<LabProcess> recorded) {
    String socketDir = paths.stateDir(lab).toString() + "/";
    List<ProcessHandle> daemons = new ArrayList<>();
    for (LabProcess p : recorded) {
      if (p.program().equals(MemberDaemons.PROGRAM)
          && Daemons.alive(p.pid())
          && commandLine(p.pid()).contains(socketDir)) {
        ProcessHandle.of(p.pid()).ifPresent(daemons::add);
      }
    }
    // SIGKILL: they keep no state, and a JVM still starting up is slow to run its SIGTERM exit.
    daemons.forEach(ProcessHandle::destroyForcibly);
  }

  private static String commandLine(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Stops PostgreSQL with SIGQUIT (immediate shutdown, which also frees its shared memory), then
   * SIGTERM and finally SIGKILL to whatever still runs in the lab's namespaces.
   */
  private void stopProcesses(List<LabProcess> recorded, List<String> namespaces) {
    NamespaceProcesses inLab = NamespaceProcesses.of(namespaces);
    for (LabProcess p : recorded) {
      if (p.program().equals("postgres") && inLab.contains(p.pid())) {
        runner.run(List.of("kill", "-QUIT", Long.toString(p.pid())), TIMEOUT);
      }
    }
    List<ProcessHandle> running = inLab.handles();
    running.forEach(ProcessHandle::destroy);
    awaitExit(running, GRACE);
    running.stream().filter(p -> Daemons.alive(p.pid())).forEach(ProcessHandle::destroyForcibly);
    awaitExit(running, GRACE);
  }

  private static void awaitExit(List<ProcessHandle> processes, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (processes.stream().anyMatch(p -> Daemons.alive(p.pid()))
        && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private List<Path> ownedResolverDirs(LabLayout naming) {
    if (!Files.isDirectory(paths.etcNetns())) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(paths.etcNetns())) {
      return dirs.filter(d -> naming.owns(d.getFileName().toString())).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + paths.etcNetns(), e);
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> all = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + root, e);
    }
  }
}
