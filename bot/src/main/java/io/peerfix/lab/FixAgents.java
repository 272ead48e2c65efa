package io.peerfix.lab;

import io.peerfix.lab.LabState.LabProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lab's fix agents: {@code peerfix agent run} in every node namespace, against the fix store in
 * the lab's state directory, as a cluster runs the agent DaemonSet against the Kubernetes API. The
 * same reconciler code runs in both; only the store differs. Each exits when its namespace goes.
 */
final class FixAgents {
  /** The program name recorded in the lab state for these agents. */
  static final String PROGRAM = "peerfix-agent";

  private FixAgents() {}

  /** The lab node name of node {@code i}, as {@link LabNodeDirectory} lists it. */
  static String nodeName(AddressPlan plan, int i) {
    return "ip-" + plan.nodeIp(i).replace('.', '-');
  }

  static List<LabProcess> start(LabLayout layout, LabPaths paths, AddressPlan plan) {
    List<LabProcess> started = new ArrayList<>();
    Path stateDir = paths.stateDir(layout.lab());
    for (int i = 1; i <= layout.nodes(); i++) {
      String member = "node" + i;
      String ns = layout.namespaceOf(member);
      List<String> argv =
          new ArrayList<>(
              List.of(
                  "ip",
                  "netns",
                  "exec",
                  ns,
                  Path.of(System.getProperty("java.home"), "bin", "java").toString()));
      argv.addAll(MemberDaemons.JVM_FLAGS);
      argv.addAll(
          List.of(
              "-Xshare:auto",
              "-cp",
              System.getProperty("java.class.path"),
              "io.peerfix.cli.Main",
              "agent",
              "run",
              "--node-name",
              nodeName(plan, i),
              "--lab-store",
              stateDir.toString(),
              "--namespace",
              ns));
      long pid = Daemons.start(argv, stateDir.resolve(member + "-agent.log"));
      started.add(new LabProcess(member, PROGRAM, pid));
    }
    return started;
  }
}
