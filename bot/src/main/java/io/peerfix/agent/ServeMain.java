package io.peerfix.agent;

import java.nio.file.Path;

/**
 * A direct entry point for {@code peerfix agent serve --socket PATH [--namespace NAME]} that skips
 * building the whole command line model: the lab starts one daemon per node and pod, and on a
 * 2-core machine every millisecond of start-up CPU counts 40 times. {@code ServeMain --train} only
 * warms up and exits: the training run of the daemons' class-data archive (bin/peerfix-cds).
 */
public final class ServeMain {
  private ServeMain() {}

  public static void main(String[] args) {
    if (args.length == 1 && args[0].equals("--train")) {
      // The class-data archive's training run (bin/peerfix-cds): load what serving loads, exit.
      ServeCommand.service().warmUp();
      System.exit(0);
    }
    Path socket = null;
    String namespace = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--socket" -> socket = Path.of(args[i + 1]);
        case "--namespace" -> namespace = args[i + 1];
        default -> usage("unknown option " + args[i]);
      }
    }
    if (socket == null || args.length % 2 != 0) {
      usage("--socket PATH is required");
    }
    ServeCommand.serve(socket, namespace);
    System.exit(0);
  }

  private static void usage(String problem) {
    System.err.println(
        "peerfix: "
            + problem
            + "; usage: ServeMain --socket PATH [--namespace NAME] | ServeMain --train");
    System.exit(2);
  }
}
