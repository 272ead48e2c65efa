package io.peerfix.fix;

/**
 * A stored value with the version the store gave it (a Kubernetes resourceVersion, or the lab
 * store's counter); an update names the version it read and fails if the value changed since.
 */
public record Versioned<T>(T value, String version) {}
