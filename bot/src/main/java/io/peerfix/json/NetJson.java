package io.peerfix.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.net.Ipv4Interface;
import java.io.IOException;
import java.util.function.Function;

/**
 * The JSON form of the address values: each is the string it prints ({@code 10.0.5.20}, {@code
 * 10.0.0.0/16}, {@code 172.20.1.10/16}) and is parsed strictly when read, so the JSON on the wire
 * is what it was when the records held strings. A CIDR may also be read as {@code default}, the
 * name {@code ip route} gives 0.0.0.0/0.
 */
public final class NetJson {
  private NetJson() {}

  /** The module to register on every mapper that writes or reads records holding addresses. */
  public static Module module() {
    SimpleModule module = new SimpleModule("peerfix-net");
    module.addSerializer(Ipv4.class, text(Ipv4::toString));
    module.addDeserializer(Ipv4.class, parsed(Ipv4.class, Ipv4::parse));
    module.addSerializer(Cidr.class, text(Cidr::toString));
    module.addDeserializer(
        Cidr.class, parsed(Cidr.class, t -> "default".equals(t) ? Cidr.ALL : Cidr.parse(t)));
    module.addSerializer(Ipv4Interface.class, text(Ipv4Interface::toString));
    module.addDeserializer(Ipv4Interface.class, parsed(Ipv4Interface.class, Ipv4Interface::parse));
    return module;
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

  private static <T> JsonDeserializer<T> parsed(Class<T> type, Function<String, T> parse) {
    return new JsonDeserializer<>() {
      @Override
      public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String text = p.getValueAsString();
        try {
          return parse.apply(text);
        } catch (IllegalArgumentException e) {
          throw InvalidFormatException.from(p, e.getMessage(), text, type);
        }
      }
    };
  }
}
