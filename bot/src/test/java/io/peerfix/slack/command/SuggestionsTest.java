package io.peerfix.slack.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> KNOWN = List.of("rds-prod", "rds-staging", "payments");

  @Test
  void theNearestCloseNameIsSuggested() {
    assertThat(Suggestions.closest("rds-prd", KNOWN)).isEqualTo("rds-prod");
    assertThat(Suggestions.closest("paymnets", KNOWN)).isEqualTo("payments");
  }

  @Test
  void nothingIsSuggestedWhenNoNameIsClose() {
    assertThat(Suggestions.closest("orders", KNOWN)).isNull();
    assertThat(Suggestions.closest("x", List.of())).isNull();
  }

  @Test
  void distanceCountsEdits() {
    assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    assertThat(Suggestions.distance("same", "same")).isZero();
  }
}
