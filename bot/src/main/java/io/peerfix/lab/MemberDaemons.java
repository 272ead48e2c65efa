package io.peerfix.lab;

import io.peerfix.lab.LabState.LabProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lab members' long-running daemons: {@code peerfix agent serve} in every node and pod
 * namespace, listening on a UNIX socket in the lab's state directory, as a real cluster has its
 * agent DaemonSet and probe pods running already. A daemon warms up before it creates its socket,
 * so an existing socket means a ready daemon ({@link #awaitReady}).
 */
final class MemberDaemons {
  /** The program name recorded in the lab state for these daemons. */
  static final String PROGRAM = "peerfix-serve";

  /**
   * The daemons' JVM flags. {@code bin/peerfix-cds} trains the daemons' class-data archive with the
   * same ones (a test keeps the two in step).
   */
  static final List<String> JVM_FLAGS =
      List.of(
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC",
          "-XX:CICompilerCount=1",
          "-Xms8m",
          "-Xmx64m",
          // Every probe resolves afresh, as a new probe process would.
          "-Dsun.net.inetaddr.ttl=0",
          "-Dsun.net.inetaddr.negative.ttl=0");

  private MemberDaemons() {}

  /**
   * The daemons' AppCDS archive for {@code classPath}: {@code NAME-serve.jsa} next to a jar {@code
   * NAME.jar} (made by {@code bin/peerfix-cds}), when the class path is that one jar and the
   * archive is newer than it. Mapping peerfix's classes from it instead of reading and verifying
   * them from the jar halves what a daemon's start and first answer cost.
   */
  static Optional<Path> archiveFor(String classPath) {
    if (classPath == null
        || !classPath.endsWith(".jar")
        || classPath.contains(File.pathSeparator)) {
      return Optional.empty();
    }
    Path jar = Path.of(classPath).toAbsolutePath();
    String name = jar.getFileName().toString();
    Path archive = jar.resolveSibling(name.substring(0, name.length() - 4) + "-serve.jsa");
    try {
      return Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0
          ? Optional.of(archive)
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Starts one daemon per node and pod of {@code layout}; returns them for the lab state. */
  static List<LabProcess> start(LabLayout layout, LabPaths paths) {
    List<LabProcess> started = new ArrayList<>();
    for (int i = 1; i <= layout.nodes(); i++) {
      for (String member : List.of("node" + i, "pod" + i)) {
        started.add(new LabProcess(member, PROGRAM, start(layout, paths, member)));
      }
    }
    return started;
  }

  private static long start(LabLayout layout, LabPaths paths, String member) {
    String ns = layout.namespaceOf(member);
    Path stateDir = paths.stateDir(layout.lab());
    List<String> argv =
        new ArrayList<>(
            List.of(
                "ip",
                "netns",
                "exec",
                ns,
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    argv.addAll(JVM_FLAGS);
    String classPath = System.getProperty("java.class.path");
    argv.add("-Xshare:auto");
    archiveFor(classPath).ifPresent(a -> argv.add("-XX:SharedArchiveFile=" + a));
    argv.addAll(
        List.of(
            "-cp",
            classPath,
            // = peerfix agent serve, without building the whole command line model.
            "io.peerfix.agent.ServeMain",
            "--socket",
            paths.memberSocket(layout.lab(), member).toString(),
            "--namespace",
            ns));
    return Daemons.start(argv, stateDir.resolve(member + "-serve.log"));
  }

  /**
   * Waits until every daemon of {@code daemons} is ready (its socket exists: it warms up before it
   * listens), at most {@code limit} in all. Returns one line per daemon that is not: dead (with its
   * log's last lines) or still starting. Those members are asked through a new JVM per call.
   */
  static List<String> awaitReady(
      List<LabProcess> daemons, String lab, LabPaths paths, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    List<String> problems = new ArrayList<>();
    // They start together: waiting for each in turn, until one shared deadline, waits for all.
    for (LabProcess daemon : daemons) {
      String member = daemon.member();
      Path socket = paths.memberSocket(lab, member);
      try {
        Daemons.awaitReady(
            member + "'s daemon",
            daemon.pid(),
            paths.stateDir(lab).resolve(member + "-serve.log"),
            () -> Files.exists(socket),
            deadline,
            limit);
      } catch (IllegalStateException e) {
        problems.add(e.getMessage());
        if (Thread.currentThread().isInterrupted()) {
          break;
        }
      }
    }
    return problems;
  }
}
