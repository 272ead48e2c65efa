package io.peerfix.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * One section of the configuration: its record type and the reader that builds it from the file's
 * top-level mapping (reading only its own keys, validating every value, defaulting what is absent).
 * Registered once in {@link ConfigSections}.
 */
public record ConfigSection<T>(Class<T> type, Function<ConfigMap, T> reader) {
  public ConfigSection {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(reader, "reader");
  }

  public static <T> ConfigSection<T> of(Class<T> type, Function<ConfigMap, T> reader) {
    return new ConfigSection<>(type, reader);
  }
}
