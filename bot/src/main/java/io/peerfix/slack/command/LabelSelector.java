package io.peerfix.slack.command;

import io.peerfix.common.UserInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Kubernetes equality-based label selector over nodes, e.g. {@code
 * topology.kubernetes.io/zone=us-east-1a,!node-role.kubernetes.io/control-plane}: comma-separated
 * requirements {@code key=value}, {@code key==value}, {@code key!=value}, {@code key} (has the
 * label) and {@code !key} (has not). Keys and values are checked against Kubernetes' rules for
 * label keys and values, so nothing else reaches a cluster query.
 */
public record LabelSelector(List<Requirement> requirements) {
  private static final int MAX_TEXT = 1024;
  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** How one requirement compares a node's label. */
  public enum Operator {
    EQUALS,
    NOT_EQUALS,
    EXISTS,
    NOT_EXISTS
  }

  /** One requirement; {@code value} is empty for {@link Operator#EXISTS} and NOT_EXISTS. */
  public record Requirement(String key, Operator operator, String value) {
    public Requirement {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(value, "value");
    }

    boolean matches(Map<String, String> labels) {
      String actual = labels.get(key);
      return switch (operator) {
        case EQUALS -> value.equals(actual);
        case NOT_EQUALS -> !value.equals(actual);
        case EXISTS -> actual != null;
        case NOT_EXISTS -> actual == null;
      };
    }

    @Override
    public String toString() {
      return switch (operator) {
        case EQUALS -> key + "=" + value;
        case NOT_EQUALS -> key + "!=" + value;
        case EXISTS -> key;
        case NOT_EXISTS -> "!" + key;
      };
    }
  }

  public LabelSelector {
    requirements = List.copyOf(requirements);
    if (requirements.isEmpty()) {
      throw new IllegalArgumentException("a selector needs at least one requirement");
    }
  }

  /**
   * Parses a selector.
   *
   * @throws UserInputException naming the part that is wrong and the accepted forms
   */
  public static LabelSelector parse(String text) {
    if (text == null || text.isBlank()) {
      throw bad("an empty selector");
    }
    if (text.length() > MAX_TEXT) {
      throw bad("a selector longer than " + MAX_TEXT + " characters");
    }
    List<Requirement> requirements = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      requirements.add(requirement(part));
    }
    return new LabelSelector(requirements);
  }

  /** Whether a node with these labels is selected (every requirement holds). */
  public boolean matches(Map<String, String> labels) {
    return requirements.stream().allMatch(r -> r.matches(labels));
  }

  @Override
  public String toString() {
    return String.join(",", requirements.stream().map(Requirement::toString).toList());
  }

  private static Requirement requirement(String part) {
    if (part.isEmpty()) {
      throw bad("an empty requirement (two commas, or one at an end)");
    }
    int ne = part.indexOf("!=");
    int eq = part.indexOf('=');
    if (ne >= 0) {
      return new Requirement(key(part.substring(0, ne)), Operator.NOT_EQUALS, value(part, ne + 2));
    }
    if (eq >= 0) {
      int valueStart = part.startsWith("==", eq) ? eq + 2 : eq + 1;
      return new Requirement(key(part.substring(0, eq)), Operator.EQUALS, value(part, valueStart));
    }
    if (part.startsWith("!")) {
      return new Requirement(key(part.substring(1)), Operator.NOT_EXISTS, "");
    }
    return new Requirement(key(part), Operator.EXISTS, "");
  }

  private static String key(String key) {
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    String prefix = slash < 0 ? null : key.substring(0, slash);
    boolean prefixOk =
        prefix == null || (prefix.length() <= 253 && DNS_SUBDOMAIN.matcher(prefix).matches());
    if (!prefixOk || !NAME.matcher(name).matches()) {
      throw bad("the label key '" + shorten(key) + "'");
    }
    return key;
  }

  private static String value(String part, int start) {
    String value = part.substring(start);
    if (!VALUE.matcher(value).matches()) {
      throw bad("the label value '" + shorten(value) + "'");
    }
    return value;
  }

  private static String shorten(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }

  private static UserInputException bad(String what) {
    return new UserInputException(
        "--nodes: "
            + what
            + " is not a label selector; give comma-separated key=value, key!=value, key or !key,"
            + " e.g. --nodes topology.kubernetes.io/zone=us-east-1a");
  }
}
