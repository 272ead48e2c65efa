package io.peerfix.arch.planted;

/** A planted violation for PurePackagesTest's test of its own rule. */
final class StartsAThread {
  Object violate() throws Exception {
    new Thread(() -> {}).start();
    return null;
  }
}
