package io.peerfix.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as plain values that remember their line, so every error can point at it. Read
 * with Jackson's streaming YAML parser; a key given twice is an error (YAML forbids it, and the
 * second would silently win).
 */
final class YamlTree {
  private YamlTree() {}

  /** A value and the line it starts on. */
  sealed interface Node {
    int line();
  }

  record Scalar(String text, boolean isNull, int line) implements Node {}

  record Sequence(List<Node> items, int line) implements Node {}

  record Mapping(Map<String, Node> entries, Map<String, Integer> keyLines, int line)
      implements Node {}

  /** The document; an empty document is an empty mapping. */
  static Node parse(String source, String text) {
    try (JsonParser parser = new YAMLFactory().createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return new Mapping(Map.of(), Map.of(), 1);
      }
      return node(source, parser);
    } catch (ConfigException e) {
      throw e;
    } catch (IOException e) {
      int line = 0;
      if (e instanceof com.fasterxml.jackson.core.JsonProcessingException p
          && p.getLocation() != null) {
        line = p.getLocation().getLineNr();
      }
      throw new ConfigException(source, line, "", "not valid YAML: " + firstLine(e.getMessage()));
    }
  }

  private static Node node(String source, JsonParser parser) throws IOException {
    int line = parser.currentTokenLocation().getLineNr();
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT:
        Map<String, Node> entries = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          int keyLine = parser.currentTokenLocation().getLineNr();
          parser.nextToken();
          if (entries.containsKey(key)) {
            throw new ConfigException(
                source, keyLine, key, "given twice (first on line " + lines.get(key) + ")");
          }
          lines.put(key, keyLine);
          entries.put(key, node(source, parser));
        }
        return new Mapping(entries, lines, line);
      case START_ARRAY:
        List<Node> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(node(source, parser));
        }
        return new Sequence(items, line);
      case VALUE_NULL:
        return new Scalar("", true, line);
      default:
        return new Scalar(parser.getText(), false, line);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "cannot be read";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
