package io.peerfix.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.peerfix.json.NetJson;

/**
 * The JSON form of probe results and node facts: one compact line, field names as in the records,
 * enums by name, addresses and ranges as their text ({@link NetJson}). Readers use the same mapper
 * to get the records back.
 */
public final class ProbeJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(NetJson.module())
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private ProbeJson() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      // Our own records always serialize; this is a programming error, not a user's.
      throw new IllegalStateException("cannot write JSON for " + value.getClass(), e);
    }
  }

  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not the JSON object peerfix expects here: " + e.getOriginalMessage(), e);
    }
  }
}
