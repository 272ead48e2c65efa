package io.peerfix.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parsers of the configuration file's typed scalars (whole numbers in a range, booleans,
 * durations, enum constants), text to value. Each throws an {@link IllegalArgumentException} that
 * says what was expected and what was written; {@link ConfigMap#optional} turns it into an error at
 * the key's line.
 */
final class ConfigValues {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private ConfigValues() {}

  /** A whole number from {@code min} to {@code max}. */
  static Function<String, Integer> wholeNumber(int min, int max) {
    return text -> {
      int value;
      try {
        value = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expected a whole number, got '" + text + "'");
      }
      if (value < min || value > max) {
        throw new IllegalArgumentException("expected " + min + " to " + max + ", got " + value);
      }
      return value;
    };
  }

  /** {@code true} or {@code false}, in any case. */
  static boolean bool(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("expected true or false, got '" + text + "'");
    };
  }

  /** A duration such as {@code 500ms}, {@code 30s}, {@code 30m}, {@code 2h} or {@code 1d}. */
  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a duration such as 500ms, 30s, 30m, 2h or 1d, got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** One of the enum's constants, written in any case, {@code -} standing for {@code _}. */
  static <E extends Enum<E>> Function<String, E> enumConstant(Class<E> type) {
    return text -> {
      String name = text.toUpperCase(Locale.ROOT).replace('-', '_');
      for (E constant : type.getEnumConstants()) {
        if (constant.name().equals(name)) {
          return constant;
        }
      }
      List<String> valid = new ArrayList<>();
      for (E constant : type.getEnumConstants()) {
        valid.add(constant.name().toLowerCase(Locale.ROOT));
      }
      throw new IllegalArgumentException(
          "expected one of " + String.join(", ", valid) + ", got '" + text + "'");
    };
  }
}
