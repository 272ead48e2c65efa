package io.peerfix.arch.planted;

/** A planted violation for PurePackagesTest's test of its own rule. */
final class ReadsAProperty {
  Object violate() throws Exception {
    System.getProperty("user.home");
    return null;
  }
}
