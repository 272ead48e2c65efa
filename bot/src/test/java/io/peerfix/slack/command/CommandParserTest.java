package io.peerfix.slack.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerfix.common.UserInputException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {
  @Test
  void diagnoseTakesATargetAndAnOptionalSelector() {
    assertThat(CommandParser.parse("diagnose rds-prod"))
        .isEqualTo(new PeerfixCommand.Diagnose("rds-prod", Optional.empty()));
    assertThat(CommandParser.parse("  diagnose   rds-prod --nodes role=db "))
        .isEqualTo(
            new PeerfixCommand.Diagnose("rds-prod", Optional.of(LabelSelector.parse("role=db"))));
    assertThat(CommandParser.parse("DIAGNOSE rds-prod --nodes=role=db"))
        .isEqualTo(
            new PeerfixCommand.Diagnose("rds-prod", Optional.of(LabelSelector.parse("role=db"))));
  }

  @Test
  void theOtherSubcommandsParseToTheirValues() {
    assertThat(CommandParser.parse("targets")).isEqualTo(new PeerfixCommand.Targets());
    assertThat(CommandParser.parse("fixes")).isEqualTo(new PeerfixCommand.Fixes());
    assertThat(CommandParser.parse("revert rds-prod-7f3a"))
        .isEqualTo(new PeerfixCommand.Revert("rds-prod-7f3a"));
    assertThat(CommandParser.parse("explain")).isEqualTo(new PeerfixCommand.Explain());
    assertThat(CommandParser.parse("help")).isEqualTo(new PeerfixCommand.Help());
    assertThat(CommandParser.parse("")).isEqualTo(new PeerfixCommand.Help());
    assertThat(CommandParser.parse(null)).isEqualTo(new PeerfixCommand.Help());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "diagnose",
        "diagnose a b",
        "diagnose rds-prod --nodes",
        "diagnose rds-prod --force",
        "diagnose Rds_Prod",
        "diagnose rds-prod;reboot",
        "diagnose $(id)",
        "diagnose <@U123>",
        "revert",
        "revert a b",
        "revert ../etc",
        "targets now",
        "frobnicate"
      })
  void malformedCommandsAreRefusedWithWhatIsValid(String text) {
    assertThatThrownBy(() -> CommandParser.parse(text)).isInstanceOf(UserInputException.class);
  }

  @Test
  void anUnknownSubcommandSuggestsTheClosest() {
    assertThatThrownBy(() -> CommandParser.parse("revret x"))
        .hasMessageContaining("did you mean revert?")
        .hasMessageContaining(String.join(", ", CommandParser.SUBCOMMANDS));
  }

  @Test
  void overlongInputIsRefusedBeforeItIsSplit() {
    assertThatThrownBy(() -> CommandParser.parse("diagnose " + "a".repeat(CommandParser.MAX_TEXT)))
        .hasMessageContaining("at most " + CommandParser.MAX_TEXT);
  }

  @Test
  void aNameLongerThanKubernetesAllowsIsRefused() {
    assertThatThrownBy(() -> CommandParser.name("target", "a".repeat(254)))
        .isInstanceOf(UserInputException.class);
    assertThat(CommandParser.name("target", "a".repeat(253))).hasSize(253);
  }
}
