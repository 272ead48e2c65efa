package io.peerfix.arch.planted;

/** A planted violation for PurePackagesTest's test of its own rule. */
final class UsesTheCommonPool {
  Object violate() throws Exception {
    java.util.concurrent.CompletableFuture.runAsync(() -> {});
    return null;
  }
}
