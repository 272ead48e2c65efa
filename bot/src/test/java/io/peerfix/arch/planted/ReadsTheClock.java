package io.peerfix.arch.planted;

/** A planted violation for PurePackagesTest's test of its own rule. */
final class ReadsTheClock {
  Object violate() throws Exception {
    java.time.Instant.now();
    return null;
  }
}
