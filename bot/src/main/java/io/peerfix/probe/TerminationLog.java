package io.peerfix.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the probe's JSON to the container's termination message file, where the kubelet picks it
 * up into the pod status. Best effort: a probe never fails because of it.
 */
final class TerminationLog {
  static final String DEFAULT = "/dev/termination-log";

  private TerminationLog() {}

  /**
   * Writes {@code json} to {@code path} when that makes sense: the default path only if it already
   * exists (the kubelet creates it in a pod; on a workstation /dev/termination-log does not exist
   * and must not be created), an explicit path whenever its directory exists.
   *
   * @return null when written or skipped, otherwise why it could not be written
   */
  static String write(Path path, boolean explicit, String json) {
    boolean wanted =
        explicit
            ? path.toAbsolutePath().getParent() != null
                && Files.isDirectory(path.toAbsolutePath().getParent())
            : Files.exists(path);
    if (!wanted) {
      return null;
    }
    try {
      Files.writeString(path, json, StandardCharsets.UTF_8);
      return null;
    } catch (IOException | RuntimeException e) {
      return "could not write the termination message to " + path + ": " + e.getMessage();
    }
  }
}
