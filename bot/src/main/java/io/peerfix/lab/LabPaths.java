package io.peerfix.lab;

import java.nio.file.Path;

/**
 * Where labs keep things outside their namespaces: per-lab state (and PostgreSQL data) under {@code
 * stateRoot/<lab>}, resolver files under {@code etcNetns/<namespace>} (read by {@code ip netns
 * exec}), and the initialised PostgreSQL template under {@code cacheDir}.
 */
public record LabPaths(Path stateRoot, Path etcNetns, Path cacheDir) {

  /** The machine-wide locations a root user's labs use. */
  public static LabPaths standard() {
    return new LabPaths(
        Path.of("/run/peerfix/lab"), Path.of("/etc/netns"), Path.of("/var/cache/peerfix"));
  }

  public Path stateDir(String lab) {
    return stateRoot.resolve(lab);
  }

  public Path stateFile(String lab) {
    return stateDir(lab).resolve("state.json");
  }

  public Path scenarioFile(String lab) {
    return stateDir(lab).resolve("scenario.yaml");
  }

  public Path resolverDir(String namespace) {
    return etcNetns.resolve(namespace);
  }
}
