package io.peerfix.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** Reads and writes a lab's {@code state.json}; writes are atomic (temp file, then rename). */
final class LabStateStore {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final LabPaths paths;

  LabStateStore(LabPaths paths) {
    this.paths = paths;
  }

  void write(LabState state) {
    Path file = paths.stateFile(state.name());
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("state.json.tmp");
      JSON.writeValue(tmp.toFile(), state);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write lab state " + file, e);
    }
  }

  Optional<LabState> read(String lab) {
    Path file = paths.stateFile(lab);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), LabState.class));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read lab state " + file, e);
    }
  }
}
