package io.peerfix.arch.planted;

/** A planted violation for PurePackagesTest's test of its own rule. */
final class ReadsTheEnvironment {
  Object violate() throws Exception {
    System.getenv("HOME");
    return null;
  }
}
