package io.peerfix.arch.planted;

/** A planted violation for PurePackagesTest's test of its own rule. */
final class PrintsToStdout {
  Object violate() throws Exception {
    System.out.println();
    return null;
  }
}
