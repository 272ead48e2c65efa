package io.peerfix.config;

import io.peerfix.config.YamlTree.Mapping;
import io.peerfix.config.YamlTree.Node;
import io.peerfix.config.YamlTree.Scalar;
import io.peerfix.config.YamlTree.Sequence;
import io.peerfix.net.Cidr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mapping of the configuration file, read key by key by a section's reader. Every error names
 * the file, the line and the key's dotted path ({@code targets[1].port}). The keys a reader asks
 * for (present or not) are the keys it knows: once every section has read, any other key in the
 * mapping is reported as unknown, with the known ones. A scalar written as {@code ${NAME}} takes
 * the value of the environment variable NAME (an error when it is not set), so secrets and
 * per-deployment values can stay out of the file.
 */
public final class ConfigMap {
  private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private final Reading reading;
  private final String path;
  private final Mapping node;
  private final Set<String> asked = new LinkedHashSet<>();

  /** What all mappings of one file share: its name, the environment, every mapping read. */
  static final class Reading {
    final String source;
    final Map<String, String> environment;
    final List<ConfigMap> maps = new ArrayList<>();

    Reading(String source, Map<String, String> environment) {
      this.source = source;
      this.environment = Map.copyOf(environment);
    }
  }

  ConfigMap(Reading reading, String path, Mapping node) {
    this.reading = reading;
    this.path = path;
    this.node = node;
    reading.maps.add(this);
  }

  /** True when the key is present with a value ({@code key: } alone counts as absent). */
  public boolean has(String key) {
    asked.add(key);
    Node value = node.entries().get(key);
    return value != null && !(value instanceof Scalar s && s.isNull());
  }

  /** A required non-empty text value. */
  public String string(String key) {
    return optionalString(key).orElseThrow(() -> missing(key));
  }

  public String string(String key, String otherwise) {
    return optionalString(key).orElse(otherwise);
  }

  public Optional<String> optionalString(String key) {
    if (!has(key)) {
      return Optional.empty();
    }
    Node value = node.entries().get(key);
    if (!(value instanceof Scalar scalar)) {
      throw error(key, "expected a single value, not " + kind(value));
    }
    String text = substitute(key, scalar.text()).strip();
    if (text.isEmpty()) {
      throw error(key, "expected a non-empty value");
    }
    return Optional.of(text);
  }

  /**
   * A value parsed by {@code parse}; an {@link IllegalArgumentException} it throws becomes an error
   * at this key with its message.
   */
  public <T> Optional<T> optional(String key, Function<String, T> parse) {
    Optional<String> text = optionalString(key);
    try {
      return text.map(parse);
    } catch (IllegalArgumentException e) {
      throw error(key, e.getMessage());
    }
  }

  public <T> T required(String key, Function<String, T> parse) {
    return optional(key, parse).orElseThrow(() -> missing(key));
  }

  /** A whole number from {@code min} to {@code max}. */
  public Optional<Integer> optionalInt(String key, int min, int max) {
    return optional(key, ConfigValues.wholeNumber(min, max));
  }

  /** {@code true} or {@code false} (any case); {@code otherwise} when absent. */
  public boolean bool(String key, boolean otherwise) {
    return optional(key, ConfigValues::bool).orElse(otherwise);
  }

  /** A duration such as {@code 500ms}, {@code 30s}, {@code 30m}, {@code 2h} or {@code 1d}. */
  public Optional<Duration> optionalDuration(String key) {
    return optional(key, ConfigValues::duration);
  }

  /** One of the enum's constants, written in any case, {@code -} standing for {@code _}. */
  public <E extends Enum<E>> Optional<E> optionalEnum(String key, Class<E> type) {
    return optional(key, ConfigValues.enumConstant(type));
  }

  /** A network such as {@code 10.244.0.0/16}. */
  public Optional<Cidr> optionalCidr(String key) {
    return optional(key, Cidr::parse);
  }

  /**
   * Every key of this mapping, in file order, each counted as known: for mappings whose keys are
   * data (ids), not names of settings.
   */
  public List<String> keys() {
    List<String> keys = List.copyOf(node.entries().keySet());
    asked.addAll(keys);
    return keys;
  }

  /** A nested mapping. */
  public Optional<ConfigMap> optionalMap(String key) {
    if (!has(key)) {
      return Optional.empty();
    }
    Node value = node.entries().get(key);
    if (!(value instanceof Mapping mapping)) {
      throw error(key, "expected a mapping (key: value lines), not " + kind(value));
    }
    return Optional.of(new ConfigMap(reading, pathOf(key), mapping));
  }

  public ConfigMap map(String key) {
    return optionalMap(key).orElseThrow(() -> missing(key));
  }

  /** A list of mappings; empty when the key is absent. */
  public List<ConfigMap> maps(String key) {
    List<ConfigMap> maps = new ArrayList<>();
    List<Node> items = items(key);
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof Mapping mapping)) {
        throw new ConfigException(
            reading.source,
            items.get(i).line(),
            pathOf(key) + "[" + i + "]",
            "expected a mapping (key: value lines), not " + kind(items.get(i)));
      }
      maps.add(new ConfigMap(reading, pathOf(key) + "[" + i + "]", mapping));
    }
    return maps;
  }

  /** A list of non-empty text values; empty when the key is absent. */
  public List<String> strings(String key) {
    List<String> values = new ArrayList<>();
    List<Node> items = items(key);
    for (int i = 0; i < items.size(); i++) {
      String at = pathOf(key) + "[" + i + "]";
      if (!(items.get(i) instanceof Scalar scalar) || scalar.isNull() || scalar.text().isBlank()) {
        throw new ConfigException(
            reading.source, items.get(i).line(), at, "expected a non-empty value");
      }
      values.add(substitute(key, scalar.text()).strip());
    }
    return values;
  }

  /** An environment variable's value, for values that come only from the environment (secrets). */
  public Optional<String> environment(String variable) {
    return Optional.ofNullable(reading.environment.get(variable)).filter(v -> !v.isBlank());
  }

  /** An error at this key's line. */
  public ConfigException error(String key, String problem) {
    Integer line = node.keyLines().get(key);
    return new ConfigException(
        reading.source, line == null ? node.line() : line, pathOf(key), problem);
  }

  /** An error about this mapping as a whole. */
  public ConfigException error(String problem) {
    return new ConfigException(reading.source, node.line(), path, problem);
  }

  /** This mapping's dotted path ({@code ""} at the top, {@code targets[1]} in a list). */
  String path() {
    return path;
  }

  /** The keys the readers asked for in this mapping so far: the keys it knows. */
  Set<String> askedKeys() {
    return Set.copyOf(asked);
  }

  /** The first key no reader asked for, as an error naming the known keys. */
  Optional<ConfigException> unknownKey() {
    return node.entries().keySet().stream()
        .filter(k -> !asked.contains(k))
        .findFirst()
        .map(
            k ->
                error(
                    k,
                    "unknown key; known keys"
                        + (path.isEmpty() ? "" : " in " + path)
                        + ": "
                        + String.join(", ", asked)));
  }

  private List<Node> items(String key) {
    if (!has(key)) {
      return List.of();
    }
    Node value = node.entries().get(key);
    if (!(value instanceof Sequence sequence)) {
      throw error(key, "expected a list (lines starting with '- ' or [a, b]), not " + kind(value));
    }
    return sequence.items();
  }

  private String substitute(String key, String text) {
    Matcher m = ENV.matcher(text.strip());
    if (!m.matches()) {
      return text;
    }
    String value = reading.environment.get(m.group(1));
    if (value == null || value.isBlank()) {
      throw error(key, "the environment variable " + m.group(1) + " is not set");
    }
    return value;
  }

  private ConfigException missing(String key) {
    return error(key, "missing; add " + key + ": to " + (path.isEmpty() ? "the file" : path));
  }

  private String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String kind(Node node) {
    if (node instanceof Sequence) {
      return "a list";
    }
    return node instanceof Mapping ? "a mapping" : "a single value";
  }
}
