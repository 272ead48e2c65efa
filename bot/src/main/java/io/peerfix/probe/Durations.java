package io.peerfix.probe;

import io.peerfix.common.UserInputException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the durations users type on the command line: {@code 2s}, {@code 500ms}, {@code 1.5s}. */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)");
  private static final Duration LONGEST = Duration.ofMinutes(5);

  private Durations() {}

  /**
   * Parses {@code text} into a positive duration of at most five minutes, rounded to whole
   * milliseconds.
   *
   * @throws UserInputException naming the bad value and the accepted forms
   */
  public static Duration parse(String option, String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      throw bad(option, text, "use a number with a unit: 500ms, 2s, 1.5s or 1m");
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    BigDecimal millis =
        switch (m.group(2)) {
          case "ms" -> amount;
          case "s" -> amount.movePointRight(3);
          default -> amount.multiply(BigDecimal.valueOf(60_000));
        };
    if (millis.compareTo(BigDecimal.ONE) < 0) {
      throw bad(option, text, "it must be at least 1ms");
    }
    if (millis.compareTo(BigDecimal.valueOf(LONGEST.toMillis())) > 0) {
      throw bad(option, text, "it must be at most 5m");
    }
    return Duration.ofMillis(millis.longValue());
  }

  private static UserInputException bad(String option, String text, String advice) {
    return new UserInputException("bad " + option + " '" + text + "': " + advice);
  }
}
