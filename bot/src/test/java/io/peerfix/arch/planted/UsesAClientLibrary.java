package io.peerfix.arch.planted;

/** A planted violation for PurePackagesTest's test of its own rule. */
final class UsesAClientLibrary {
  Object violate() throws Exception {
    new com.fasterxml.jackson.databind.ObjectMapper();
    return null;
  }
}
