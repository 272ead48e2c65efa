package io.peerfix.testing;

import io.peerfix.exec.CommandResult;
import io.peerfix.exec.ProcessCommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs the built jar as a whole process, optionally inside a network namespace. */
public final class PeerfixJar {
  private PeerfixJar() {}

  public static String path() {
    String jar = System.getProperty("peerfix.jar");
    if (jar == null) {
      throw new IllegalStateException(
          "system property peerfix.jar is not set (run through failsafe)");
    }
    return jar;
  }

  /** {@code java -jar peerfix.jar ARGS} in the root namespace (tests use loopback only). */
  public static CommandResult run(String... args) {
    return runIn(null, args);
  }

  /**
   * {@code ip netns exec NS java -jar peerfix.jar ARGS}, or in the root namespace when ns is null.
   */
  public static CommandResult runIn(String ns, String... args) {
    List<String> argv = new ArrayList<>();
    if (ns != null) {
      argv.addAll(List.of("ip", "netns", "exec", ns));
    }
    argv.addAll(List.of("java", "-jar", path()));
    argv.addAll(List.of(args));
    return new ProcessCommandRunner().run(argv, Duration.ofSeconds(60));
  }
}
