package io.peerfix.arch.planted;

/** A planted violation for PurePackagesTest's test of its own rule. */
final class UsesAnEdgePackage {
  Object violate() throws Exception {
    io.peerfix.orchestration.DiagnosisListener.NONE.toString();
    return null;
  }
}
