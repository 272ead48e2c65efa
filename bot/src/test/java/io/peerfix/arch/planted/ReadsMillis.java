package io.peerfix.arch.planted;

/** A planted violation for PurePackagesTest's test of its own rule. */
final class ReadsMillis {
  Object violate() throws Exception {
    System.currentTimeMillis();
    return null;
  }
}
