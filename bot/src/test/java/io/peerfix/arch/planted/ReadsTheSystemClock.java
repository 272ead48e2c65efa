package io.peerfix.arch.planted;

/** A planted violation for PurePackagesTest's test of its own rule. */
final class ReadsTheSystemClock {
  Object violate() throws Exception {
    java.time.Clock.systemUTC();
    return null;
  }
}
