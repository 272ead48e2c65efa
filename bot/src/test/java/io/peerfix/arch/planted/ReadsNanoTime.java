package io.peerfix.arch.planted;

/** A planted violation for PurePackagesTest's test of its own rule. */
final class ReadsNanoTime {
  Object violate() throws Exception {
    System.nanoTime();
    return null;
  }
}
