package io.peerfix.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.function.Function;

/**
 * How peerfix's JSON forms (probe results and facts, stored fixes) set up their mappers and turn
 * Jackson's failures into peerfix's: one setup (records by their field names, enums by name, no
 * failure on empty values, instants as ISO-8601 text when a time module is registered), writing
 * that fails only on a programming error, reading that fails with a message saying what was wrong.
 */
public final class Json {
  private Json() {}

  /** A mapper with peerfix's settings and {@code modules}. */
  public static ObjectMapper mapper(Module... modules) {
    return new ObjectMapper()
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .registerModules(modules);
  }

  /** {@code value} as one compact line of JSON. */
  public static String write(ObjectMapper mapper, Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      // Our own records always serialize; this is a programming error, not a user's.
      throw new IllegalStateException("cannot write JSON for " + value.getClass(), e);
    }
  }

  /**
   * {@code json} read as {@code type}; a failure is an {@link IllegalArgumentException} with the
   * message {@code explain} gives for it.
   */
  public static <T> T read(
      ObjectMapper mapper,
      String json,
      Class<T> type,
      Function<JsonProcessingException, String> explain) {
    try {
      return mapper.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(explain.apply(e), e);
    }
  }
}
