package io.peerfix.arch.planted;

/** A planted violation for PurePackagesTest's test of its own rule. */
final class RunsInParallel {
  Object violate() throws Exception {
    java.util.List.of(1, 2).parallelStream().count();
    return null;
  }
}
