package io.peerfix.slack;

import io.peerfix.common.UserInputException;
import io.peerfix.orchestration.DiagnosisEnvironment;
import io.peerfix.orchestration.EnvironmentOpener;
import io.peerfix.orchestration.KnownTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The running lab's target names, read again only when the lab's state or scenario file changed (or
 * appeared, or went away). The {@code /peerfix diagnose} listener checks the target before it acks;
 * opening the lab for that (two files read, the scenario parsed) on every command made each ack
 * wait for file I/O, where two {@code stat}s now tell whether the names can have changed.
 */
final class LabTargets {
  private final EnvironmentOpener opener;
  private final String labName;
  private final List<Path> files;

  /** The files' stamps when {@link #names} was read; empty: read again next time. */
  private Optional<List<String>> seen = Optional.empty();

  private List<String> names = List.of();

  /** Over lab {@code labName}, whose state is in {@code files} (its state and scenario files). */
  LabTargets(EnvironmentOpener opener, String labName, List<Path> files) {
    this.opener = opener;
    this.labName = labName;
    this.files = List.copyOf(files);
  }

  /** The lab's targets as it is now; none while it is down. */
  synchronized List<String> names() {
    Optional<List<String>> now = stamps();
    if (now.isEmpty() || !now.equals(seen)) {
      names = read();
      seen = now;
    }
    return names;
  }

  private List<String> read() {
    try (DiagnosisEnvironment environment = opener.openLab(labName, null)) {
      return environment.targets().stream().map(KnownTarget::name).toList();
    } catch (UserInputException e) {
      return List.of();
    }
  }

  /**
   * Each file's modification time, size and identity, or that it is missing; empty when unknown.
   */
  private Optional<List<String>> stamps() {
    List<String> stamps = new ArrayList<>();
    for (Path file : files) {
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        stamps.add(a.lastModifiedTime().toInstant() + "/" + a.size() + "/" + a.fileKey());
      } catch (NoSuchFileException e) {
        stamps.add("missing");
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    return Optional.of(stamps);
  }
}
