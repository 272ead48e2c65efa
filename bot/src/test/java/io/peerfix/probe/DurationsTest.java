package io.peerfix.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerfix.common.UserInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void secondsAreRead() {
    assertThat(Durations.parse("--timeout", "2s")).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void millisecondsAreRead() {
    assertThat(Durations.parse("--timeout", "500ms")).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void fractionalSecondsAreRead() {
    assertThat(Durations.parse("--timeout", "1.5s")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void anUnknownUnitIsRejectedWithTheAcceptedForms() {
    assertThatThrownBy(() -> Durations.parse("--timeout", "2x"))
        .isInstanceOf(UserInputException.class)
        .hasMessage("bad --timeout '2x': use a number with a unit: 500ms, 2s, 1.5s or 1m");
  }

  @Test
  void aNumberWithoutUnitIsRejected() {
    assertThatThrownBy(() -> Durations.parse("--timeout", "2"))
        .isInstanceOf(UserInputException.class);
  }

  @Test
  void zeroIsRejected() {
    assertThatThrownBy(() -> Durations.parse("--timeout", "0s"))
        .hasMessageContaining("at least 1ms");
  }

  @Test
  void moreThanFiveMinutesIsRejected() {
    assertThatThrownBy(() -> Durations.parse("--timeout", "301s"))
        .hasMessageContaining("at most 5m");
  }
}
