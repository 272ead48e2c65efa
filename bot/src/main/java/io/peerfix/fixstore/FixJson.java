package io.peerfix.fixstore;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.peerfix.common.Json;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.io.IOException;
import java.util.function.Function;

/**
 * The JSON form of stored fixes and node statuses: the records' own field names, addresses and
 * ranges as text ({@code 10.0.5.20}, {@code 10.0.0.0/16}), instants in ISO-8601, enums by name.
 * Reading builds the records through their constructors, so an entry whose digest does not match
 * its content (or with any invalid field) is refused with the reason.
 */
public final class FixJson {
  private static final ObjectMapper MAPPER = build();

  private FixJson() {}

  /** The shared mapper (thread-safe once built). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static ObjectMapper build() {
    SimpleModule net = new SimpleModule("peerfix-net");
    net.addSerializer(Ipv4.class, text(Ipv4::toString));
    net.addDeserializer(Ipv4.class, parsed(Ipv4::parse));
    net.addSerializer(Cidr.class, text(Cidr::toString));
    net.addDeserializer(Cidr.class, parsed(Cidr::parse));
    return Json.mapper(new Jdk8Module(), new JavaTimeModule(), net);
  }

  public static String write(Object value) {
    return Json.write(MAPPER, value);
  }

  /** Reads {@code json} as {@code type}; throws {@link IllegalArgumentException} saying why not. */
  public static <T> T read(String json, Class<T> type) {
    return Json.read(
        MAPPER,
        json,
        type,
        e ->
            "not a valid "
                + type.getSimpleName()
                + ": "
                + (e.getCause() instanceof IllegalArgumentException iae
                    ? iae.getMessage()
                    : e.getMessage()));
  }

  private static <T> JsonSerializer<T> text(Function<T, String> format) {
    return new JsonSerializer<>() {
      @Override
      public void serialize(T value, JsonGenerator gen, SerializerProvider provider)
          throws IOException {
        gen.writeString(format.apply(value));
      }
    };
  }

  private static <T> JsonDeserializer<T> parsed(Function<String, T> parse) {
    return new JsonDeserializer<>() {
      @Override
      public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        return parse.apply(p.getValueAsString());
      }
    };
  }
}
