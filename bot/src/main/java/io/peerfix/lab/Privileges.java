package io.peerfix.lab;

import io.peerfix.common.CommandName;
import io.peerfix.common.UserInputException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this process may build network namespaces: it needs CAP_NET_ADMIN (links, routes,
 * iptables) and CAP_SYS_ADMIN ({@code ip netns add} bind-mounts), which root has.
 */
public final class Privileges {
  private static final int CAP_NET_ADMIN = 12;
  private static final int CAP_SYS_ADMIN = 21;

  private Privileges() {}

  /**
   * Fails with a message saying how to run {@code command} (e.g. {@code "lab up"}, {@code "diagnose
   * --lab"}) when the capabilities are missing.
   */
  public static void requireLabCapabilities(String command) {
    if (!hasLabCapabilities(effectiveCapabilities())) {
      throw new UserInputException(notRootMessage(command));
    }
  }

  static String notRootMessage(String command) {
    return CommandName.line(command)
        + " needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN): the lab lives in network namespaces;"
        + " run it as root, e.g. sudo "
        + CommandName.line(command)
        + " ...";
  }

  /** True when the capability mask (as /proc/self/status's CapEff) has both capabilities. */
  static boolean hasLabCapabilities(BigInteger capEff) {
    return capEff.testBit(CAP_NET_ADMIN) && capEff.testBit(CAP_SYS_ADMIN);
  }

  private static BigInteger effectiveCapabilities() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("CapEff:")) {
          return new BigInteger(line.substring("CapEff:".length()).strip(), 16);
        }
      }
    } catch (IOException e) {
      // No /proc (not Linux): certainly no namespaces to build.
    }
    return BigInteger.ZERO;
  }
}
