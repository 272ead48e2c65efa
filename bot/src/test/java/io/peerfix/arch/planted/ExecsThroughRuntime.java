package io.peerfix.arch.planted;

/** A planted violation for PurePackagesTest's test of its own rule. */
final class ExecsThroughRuntime {
  Object violate() throws Exception {
    Runtime.getRuntime();
    return null;
  }
}
