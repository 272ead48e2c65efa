package io.peerfix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every command's help, walked through picocli's model of the whole command tree: summaries are
 * whole sentences (the parent's command list shows only the first description line), options share
 * one style, and the README's command summary names every option that exists.
 */
class HelpTextTest {
  /** An option's value placeholder: upper case, e.g. FILE, IP[:PORT], DURATION. */
  private static final Pattern LABEL = Pattern.compile("[A-Z][A-Z0-9_]*(:[A-Z]+|\\[:[A-Z]+])?");

  static List<CommandSpec> commands() {
    List<CommandSpec> all = new ArrayList<>();
    collect(Main.fullCommandLine().getCommandSpec(), all);
    return all;
  }

  private static void collect(CommandSpec spec, List<CommandSpec> into) {
    if (spec.usageMessage().hidden()) {
      return;
    }
    into.add(spec);
    spec.subcommands().values().stream()
        .map(CommandLine::getCommandSpec)
        .distinct()
        .forEach(sub -> collect(sub, into));
  }

  static Stream<CommandSpec> visibleCommands() {
    return commands().stream();
  }

  @ParameterizedTest
  @MethodSource("visibleCommands")
  void theSummaryTheParentListsIsAWholeSentence(CommandSpec spec) {
    String[] description = spec.usageMessage().description();
    assertThat(description).as(spec.qualifiedName()).isNotEmpty();
    assertThat(description[0]).as(spec.qualifiedName()).endsWith(".");
  }

  @ParameterizedTest
  @MethodSource("visibleCommands")
  void everyOptionWithAValueNamesItInUpperCase(CommandSpec spec) {
    for (OptionSpec option : spec.options()) {
      if (option.arity().max() > 0 && !option.usageHelp() && !option.versionHelp()) {
        assertThat(option.paramLabel())
            .as(spec.qualifiedName() + " " + option.longestName())
            .matches(LABEL);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("visibleCommands")
  void everyOptionsDescriptionIsASentenceStartingInUpperCase(CommandSpec spec) {
    for (OptionSpec option : spec.options()) {
      String text = String.join(" ", option.description());
      assertThat(text).as(spec.qualifiedName() + " " + option.longestName()).isNotBlank();
      assertThat(Character.isUpperCase(text.charAt(0)))
          .as(spec.qualifiedName() + " " + option.longestName() + ": " + text)
          .isTrue();
      assertThat(text).as(spec.qualifiedName() + " " + option.longestName()).endsWith(".");
    }
  }

  @ParameterizedTest
  @MethodSource("visibleCommands")
  void theReadmesCommandSummaryNamesEveryOption(CommandSpec spec) throws IOException {
    if (!spec.subcommands().isEmpty() && spec.options().stream().allMatch(HelpTextTest::builtIn)) {
      return; // a group such as "lab": its subcommands carry the options
    }
    String summary = readmeSummary(spec.qualifiedName());
    assertThat(summary).as("README's line for " + spec.qualifiedName()).isNotEmpty();
    for (OptionSpec option : spec.options()) {
      if (!builtIn(option)) {
        assertThat(summary)
            .as("README's line for " + spec.qualifiedName())
            .contains(option.longestName());
      }
    }
  }

  @Test
  void theWalkFindsTheCommandsItChecks() {
    assertThat(commands().stream().map(CommandSpec::qualifiedName))
        .contains("peerfix nat explain", "peerfix lab up", "peerfix demo", "peerfix probe");
  }

  private static boolean builtIn(OptionSpec option) {
    return option.usageHelp() || option.versionHelp();
  }

  /**
   * The README's summary of {@code command}: its line in the "Command line" section (starting with
   * the command) and the more indented lines that continue it.
   */
  private static String readmeSummary(String command) throws IOException {
    List<String> lines = Files.readAllLines(Path.of("../README.md"));
    StringBuilder out = new StringBuilder();
    boolean in = false;
    for (String line : lines) {
      String stripped = line.strip();
      if (stripped.startsWith("peerfix ")) {
        in = stripped.equals(command) || stripped.startsWith(command + " ");
      } else if (stripped.isEmpty() || !line.startsWith("        ")) {
        in = false;
      }
      if (in) {
        out.append(stripped).append('\n');
      }
    }
    return out.toString();
  }

  @Test
  void usageLinesNameTheCommandAsTheUserRanIt() {
    String before = System.getProperty(io.peerfix.common.CommandName.PROPERTY);
    System.setProperty(io.peerfix.common.CommandName.PROPERTY, "bin/peerfix");
    try {
      CliRun run = CliRun.of("nat", "explain", "--help");

      assertThat(run.out()).startsWith("Usage: bin/peerfix nat explain ");
    } finally {
      if (before == null) {
        System.clearProperty(io.peerfix.common.CommandName.PROPERTY);
      } else {
        System.setProperty(io.peerfix.common.CommandName.PROPERTY, before);
      }
    }
    assertThat(CliRun.of("nat", "explain", "--help").out())
        .startsWith("Usage: peerfix nat explain ");
  }
}
