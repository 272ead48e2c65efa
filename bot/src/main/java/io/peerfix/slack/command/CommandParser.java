package io.peerfix.slack.command;

import io.peerfix.common.UserInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses the text after {@code /peerfix} into a {@link PeerfixCommand}. Everything the user typed
 * is checked here against a narrow shape (names as Kubernetes names, selectors as label selectors),
 * so nothing unvalidated goes further; a wrong command line gets a {@link UserInputException} whose
 * message says what is valid.
 */
public final class CommandParser {
  /** The subcommands, in the order help lists them. */
  public static final List<String> SUBCOMMANDS =
      List.of("diagnose", "targets", "fixes", "revert", "explain", "schedules", "help");

  /** Longer input is refused before it is split (Slack allows about 4,000 characters). */
  static final int MAX_TEXT = 2000;

  /** A target's or a fix's name: a Kubernetes object name (DNS-1123 subdomain), at most 253. */
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private CommandParser() {}

  /**
   * @throws UserInputException when the subcommand is unknown or its arguments are malformed
   */
  public static PeerfixCommand parse(String text) {
    String trimmed = text == null ? "" : text.strip();
    if (trimmed.length() > MAX_TEXT) {
      throw new UserInputException(
          "that is " + trimmed.length() + " characters; a command has at most " + MAX_TEXT);
    }
    List<String> words = trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
    if (words.isEmpty()) {
      return new PeerfixCommand.Help();
    }
    String sub = words.get(0);
    List<String> args = words.subList(1, words.size());
    return switch (sub.toLowerCase(java.util.Locale.ROOT)) {
      case "diagnose" -> diagnose(args);
      case "targets" -> noArgs(sub, args, new PeerfixCommand.Targets());
      case "fixes" -> noArgs(sub, args, new PeerfixCommand.Fixes());
      case "revert" -> revert(args);
      case "explain" -> noArgs(sub, args, new PeerfixCommand.Explain());
      case "schedules" -> noArgs(sub, args, new PeerfixCommand.Schedules());
      case "help" -> new PeerfixCommand.Help();
      default -> throw unknownSubcommand(sub);
    };
  }

  /**
   * Checks a name the user gave for a target or a fix.
   *
   * @throws UserInputException saying what a name may contain
   */
  public static String name(String what, String name) {
    if (name.length() > 253 || !NAME.matcher(name).matches()) {
      throw new UserInputException(
          "'"
              + shorten(name)
              + "' is not a "
              + what
              + " name: use lower-case letters, digits, '-' and '.', e.g. rds-prod");
    }
    return name;
  }

  private static PeerfixCommand diagnose(List<String> args) {
    String target = null;
    Optional<LabelSelector> nodes = Optional.empty();
    List<String> rest = new ArrayList<>(args);
    while (!rest.isEmpty()) {
      String word = rest.remove(0);
      if (word.equals("--nodes")) {
        if (rest.isEmpty()) {
          throw new UserInputException("--nodes needs a label selector, e.g. --nodes role=db");
        }
        nodes = Optional.of(LabelSelector.parse(rest.remove(0)));
      } else if (word.startsWith("--nodes=")) {
        nodes = Optional.of(LabelSelector.parse(word.substring("--nodes=".length())));
      } else if (word.startsWith("-")) {
        throw new UserInputException(
            "diagnose has no option '" + shorten(word) + "'; usage: " + usage("diagnose"));
      } else if (target == null) {
        target = name("target", word);
      } else {
        throw new UserInputException("diagnose takes one target; usage: " + usage("diagnose"));
      }
    }
    if (target == null) {
      throw new UserInputException("diagnose needs a target; usage: " + usage("diagnose"));
    }
    return new PeerfixCommand.Diagnose(target, nodes);
  }

  private static PeerfixCommand revert(List<String> args) {
    if (args.size() != 1) {
      throw new UserInputException("revert takes one fix name; usage: " + usage("revert"));
    }
    return new PeerfixCommand.Revert(name("fix", args.get(0)));
  }

  private static PeerfixCommand noArgs(String sub, List<String> args, PeerfixCommand command) {
    if (!args.isEmpty()) {
      throw new UserInputException(sub + " takes no arguments; usage: " + usage(sub));
    }
    return command;
  }

  private static UserInputException unknownSubcommand(String sub) {
    String closest = Suggestions.closest(sub.toLowerCase(java.util.Locale.ROOT), SUBCOMMANDS);
    return new UserInputException(
        "unknown subcommand '"
            + shorten(sub)
            + "'"
            + (closest == null ? "" : " (did you mean " + closest + "?)")
            + "; valid: "
            + String.join(", ", SUBCOMMANDS));
  }

  /** One subcommand's usage line, e.g. {@code /peerfix revert FIX}. */
  public static String usage(String sub) {
    return switch (sub) {
      case "diagnose" -> "/peerfix diagnose TARGET [--nodes SELECTOR]";
      case "revert" -> "/peerfix revert FIX";
      default -> "/peerfix " + sub;
    };
  }

  static String shorten(String text) {
    return text.length() <= 60 ? text : text.substring(0, 60) + "...";
  }
}
