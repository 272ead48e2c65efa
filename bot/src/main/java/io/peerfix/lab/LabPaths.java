package io.peerfix.lab;

import java.nio.file.Path;

/**
 * Where labs keep things outside their namespaces: per-lab state under {@code stateRoot/<lab>},
 * PostgreSQL's data under {@code dataRoot/<lab>} (a tmpfs: copying the template to disk is slow and
 * the data is thrown away anyway), resolver files under {@code etcNetns/<namespace>} (read by
 * {@code ip netns exec}), and the initialised PostgreSQL template under {@code cacheDir}.
 */
public record LabPaths(Path stateRoot, Path dataRoot, Path etcNetns, Path cacheDir) {

  /** Paths with PostgreSQL's data kept inside each lab's state directory. */
  public LabPaths(Path stateRoot, Path etcNetns, Path cacheDir) {
    this(stateRoot, stateRoot, etcNetns, cacheDir);
  }

  /** The machine-wide locations a root user's labs use. */
  public static LabPaths standard() {
    return new LabPaths(
        Path.of("/run/peerfix/lab"),
        Path.of("/dev/shm/peerfix-lab"),
        Path.of("/etc/netns"),
        Path.of("/var/cache/peerfix"));
  }

  public Path stateDir(String lab) {
    return stateRoot.resolve(lab);
  }

  /** The lab's data directory root; PostgreSQL's data directory is {@code pgdata} inside. */
  public Path dataDir(String lab) {
    return dataRoot.resolve(lab);
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

  /** The UNIX socket the long-running daemon of lab member {@code member} listens on. */
  public Path memberSocket(String lab, String member) {
    return stateDir(lab).resolve(member + ".sock");
  }
}
