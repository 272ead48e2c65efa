package io.peerfix.arch.planted;

/** A planted violation for PurePackagesTest's test of its own rule. */
final class UsesAnExecutor {
  Object violate() throws Exception {
    java.util.concurrent.Executors.newSingleThreadExecutor();
    return null;
  }
}
