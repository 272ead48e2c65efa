package io.peerfix.arch.planted;

/** A planted violation for PurePackagesTest's test of its own rule. */
final class ReadsAFile {
  Object violate() throws Exception {
    java.nio.file.Path.of("/etc/hosts");
    return null;
  }
}
