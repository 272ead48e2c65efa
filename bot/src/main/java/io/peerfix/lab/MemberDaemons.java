package io.peerfix.lab;

import io.peerfix.lab.LabState.LabProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lab members' long-running daemons: {@code peerfix agent serve} in every node and pod
 * namespace, listening on a UNIX socket in the lab's state directory, as a real cluster has its
 * agent DaemonSet and probe pods running already. Started in the background without waiting for the
 * JVMs to warm up: a client waits for a starting daemon's socket.
 */
final class MemberDaemons {
  /** The program name recorded in the lab state for these daemons. */
  static final String PROGRAM = "peerfix-serve";

  private MemberDaemons() {}

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
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-XX:CICompilerCount=1",
                "-Xshare:auto",
                "-Xms8m",
                "-Xmx64m",
                // Every probe resolves afresh, as a new probe process would.
                "-Dsun.net.inetaddr.ttl=0",
                "-Dsun.net.inetaddr.negative.ttl=0",
                "-cp",
                System.getProperty("java.class.path"),
                // = peerfix agent serve, without building the whole command line model.
                "io.peerfix.agent.ServeMain",
                "--socket",
                paths.memberSocket(layout.lab(), member).toString(),
                "--namespace",
                ns));
    return Daemons.start(argv, stateDir.resolve(member + "-serve.log"));
  }
}
