package io.peerfix.fix;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which nodes a fix is for: {@link Kind#ALL} nodes (now and joining later), exactly the nodes the
 * fix {@link Kind#NAMED names}, or the nodes carrying every one of some {@link Kind#LABELS labels}
 * (nodes that join later and match get the fix too). Part of what an approval binds to.
 */
public record NodeSelector(Kind kind, Map<String, String> labels) {
  private static final Pattern LABEL_PART = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_./-]{0,250})?");

  /** The three shapes a selector takes. */
  public enum Kind {
    ALL,
    NAMED,
    LABELS
  }

  public NodeSelector {
    Objects.requireNonNull(kind, "kind");
    labels = new TreeMap<>(labels == null ? Map.of() : labels);
    if ((kind == Kind.LABELS) == labels.isEmpty()) {
      throw new IllegalArgumentException("a label selector has labels, and only a label selector");
    }
    labels.forEach(
        (k, v) -> {
          if (!LABEL_PART.matcher(k).matches()
              || !(v.isEmpty() || LABEL_PART.matcher(v).matches())) {
            throw new IllegalArgumentException(
                "\"" + k + "=" + v + "\" is not a node label; give key=value like role=db-client");
          }
        });
    labels = java.util.Collections.unmodifiableMap(labels);
  }

  public static NodeSelector all() {
    return new NodeSelector(Kind.ALL, Map.of());
  }

  public static NodeSelector named() {
    return new NodeSelector(Kind.NAMED, Map.of());
  }

  public static NodeSelector labels(Map<String, String> labels) {
    return new NodeSelector(Kind.LABELS, labels);
  }

  /**
   * Parses {@code all}, {@code named} or {@code key=value[,key=value...]}; throws {@link
   * IllegalArgumentException} saying what is accepted.
   */
  public static NodeSelector parse(String text) {
    if ("all".equals(text)) {
      return all();
    }
    if ("named".equals(text)) {
      return named();
    }
    Map<String, String> labels = new TreeMap<>();
    for (String part : text.split(",", -1)) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "node selector \"" + text + "\": give all, named, or key=value[,key=value...]");
      }
      labels.put(part.substring(0, eq), part.substring(eq + 1));
    }
    return labels(labels);
  }

  /** Whether node {@code name} with {@code nodeLabels} is selected, given the fix's own nodes. */
  public boolean matches(String name, Map<String, String> nodeLabels, Set<String> fixNodes) {
    return switch (kind) {
      case ALL -> true;
      case NAMED -> fixNodes.contains(name);
      case LABELS ->
          labels.entrySet().stream().allMatch(e -> e.getValue().equals(nodeLabels.get(e.getKey())));
    };
  }

  /** One line for digests and output: {@code all}, {@code named}, or {@code a=b,c=d}. */
  @Override
  public String toString() {
    return switch (kind) {
      case ALL -> "all";
      case NAMED -> "named";
      case LABELS ->
          labels.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining(","));
    };
  }
}
