package io.peerfix.slack.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerfix.common.UserInputException;
import io.peerfix.slack.command.LabelSelector.Operator;
import io.peerfix.slack.command.LabelSelector.Requirement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabelSelectorTest {
  @Test
  void parsesEveryEqualityBasedForm() {
    assertThat(
            LabelSelector.parse(
                    "topology.kubernetes.io/zone=us-east-1a,tier==db,spot!=true,gpu,!control-plane")
                .requirements())
        .containsExactly(
            new Requirement("topology.kubernetes.io/zone", Operator.EQUALS, "us-east-1a"),
            new Requirement("tier", Operator.EQUALS, "db"),
            new Requirement("spot", Operator.NOT_EQUALS, "true"),
            new Requirement("gpu", Operator.EXISTS, ""),
            new Requirement("control-plane", Operator.NOT_EXISTS, ""));
  }

  @Test
  void matchesWhenEveryRequirementHolds() {
    LabelSelector selector = LabelSelector.parse("zone=a,!spot");

    assertThat(selector.matches(Map.of("zone", "a"))).isTrue();
    assertThat(selector.matches(Map.of("zone", "a", "spot", "true"))).isFalse();
    assertThat(selector.matches(Map.of("zone", "b"))).isFalse();
    assertThat(LabelSelector.parse("spot!=true").matches(Map.of())).isTrue();
  }

  @Test
  void printsAsItWasWrittenInCanonicalForm() {
    assertThat(LabelSelector.parse("a==b,!c").toString()).isEqualTo("a=b,!c");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ",",
        "a=b,",
        "$(reboot)",
        "a=b;c",
        "a b",
        "-a=b",
        "a=-b",
        "Example.COM/a=b",
        "a/b/c=d",
        "a=vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv",
        "tier in (db,web)"
      })
  void refusesWhatIsNotALabelSelector(String text) {
    assertThatThrownBy(() -> LabelSelector.parse(text))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("key=value");
  }

  @Test
  void anEmptyRequirementListIsNotASelector() {
    assertThatThrownBy(() -> new LabelSelector(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
