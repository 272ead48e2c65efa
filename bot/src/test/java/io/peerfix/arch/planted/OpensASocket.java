package io.peerfix.arch.planted;

/** A planted violation for PurePackagesTest's test of its own rule. */
final class OpensASocket {
  Object violate() throws Exception {
    new java.net.Socket();
    return null;
  }
}
