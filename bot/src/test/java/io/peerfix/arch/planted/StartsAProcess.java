package io.peerfix.arch.planted;

/** A planted violation for PurePackagesTest's test of its own rule. */
final class StartsAProcess {
  Object violate() throws Exception {
    new ProcessBuilder("true");
    return null;
  }
}
