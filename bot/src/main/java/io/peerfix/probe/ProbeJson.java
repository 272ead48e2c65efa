package io.peerfix.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerfix.common.Json;

/**
 * The JSON form of probe results and node facts: one compact line, field names as in the records,
 * enums by name. Readers use the same mapper to get the records back.
 */
public final class ProbeJson {
  private static final ObjectMapper MAPPER = Json.mapper();

  private ProbeJson() {}

  public static String write(Object value) {
    return Json.write(MAPPER, value);
  }

  public static <T> T read(String json, Class<T> type) {
    return Json.read(
        MAPPER,
        json,
        type,
        e -> "not the JSON object peerfix expects here: " + e.getOriginalMessage());
  }
}
