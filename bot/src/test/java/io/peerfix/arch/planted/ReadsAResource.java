package io.peerfix.arch.planted;

/** A planted violation for PurePackagesTest's test of its own rule. */
final class ReadsAResource {
  Object violate() throws Exception {
    Planted.class.getResourceAsStream("/x");
    return null;
  }
}
