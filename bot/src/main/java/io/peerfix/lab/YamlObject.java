package io.peerfix.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerfix.common.UserInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One mapping of a YAML document, read field by field: every error names the file and the dotted
 * path of the key, and {@link #rejectUnknownKeys()} catches misspelt keys instead of ignoring them.
 */
final class YamlObject {
  private final String source;
  private final String path;
  private final JsonNode node;
  private final Set<String> read = new HashSet<>();

  private YamlObject(String source, String path, JsonNode node) {
    this.source = source;
    this.path = path;
    this.node = node;
  }

  /** The document's top-level mapping; {@code source} names the file in errors. */
  static YamlObject root(String source, JsonNode document) {
    if (document == null || !document.isObject()) {
      throw new UserInputException(source + ": expected a YAML mapping at the top level");
    }
    return new YamlObject(source, "", document);
  }

  /** The file (or built-in scenario) this mapping comes from, as errors name it. */
  String source() {
    return source;
  }

  boolean has(String key) {
    JsonNode value = node.get(key);
    return value != null && !value.isNull();
  }

  YamlObject object(String key) {
    JsonNode value = required(key);
    if (!value.isObject()) {
      throw error(key, "expected a mapping");
    }
    return new YamlObject(source, pathOf(key), value);
  }

  String string(String key) {
    JsonNode value = required(key);
    if (!value.isValueNode() || value.asText().isBlank()) {
      throw error(key, "expected a non-empty value");
    }
    return value.asText().strip();
  }

  String string(String key, String otherwise) {
    return has(key) ? string(key) : mark(key, otherwise);
  }

  int integer(String key) {
    JsonNode value = required(key);
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw error(key, "expected a whole number, got '" + value.asText() + "'");
    }
    return value.intValue();
  }

  int integer(String key, int otherwise) {
    return has(key) ? integer(key) : mark(key, otherwise);
  }

  boolean bool(String key, boolean otherwise) {
    if (!has(key)) {
      return mark(key, otherwise);
    }
    JsonNode value = required(key);
    if (!value.isBoolean()) {
      throw error(key, "expected true or false, got '" + value.asText() + "'");
    }
    return value.booleanValue();
  }

  List<String> strings(String key) {
    return list(key, (item) -> item.node.isValueNode() ? item.node.asText().strip() : null);
  }

  List<YamlObject> objects(String key) {
    return list(key, (item) -> item.node.isObject() ? item : null);
  }

  /**
   * Fails naming every key of this mapping that was never read: a typo is an error, not a no-op.
   */
  void rejectUnknownKeys() {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!read.contains(name)) {
        throw error(name, "unknown key");
      }
    }
  }

  /** An error about {@code key} of this mapping, naming the file and the full path. */
  UserInputException error(String key, String message) {
    return new UserInputException(source + ": " + pathOf(key) + ": " + message);
  }

  private <T> List<T> list(String key, Function<YamlObject, T> convert) {
    JsonNode value = required(key);
    if (!value.isArray()) {
      throw error(key, "expected a list");
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      YamlObject item = new YamlObject(source, pathOf(key) + "[" + i + "]", value.get(i));
      T converted = convert.apply(item);
      if (converted == null) {
        throw new UserInputException(source + ": " + item.path + ": unexpected kind of value");
      }
      out.add(converted);
    }
    return out;
  }

  private JsonNode required(String key) {
    read.add(key);
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      throw error(key, "missing");
    }
    return value;
  }

  private <T> T mark(String key, T value) {
    read.add(key);
    return value;
  }

  private String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
