package io.peerfix.arch.planted;

/** A planted violation for PurePackagesTest's test of its own rule. */
final class ReadsAFileThroughIo {
  Object violate() throws Exception {
    new java.io.File("/etc/hosts").exists();
    return null;
  }
}
