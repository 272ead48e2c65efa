package io.peerfix.nat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.peerfix.common.UserInputException;
import org.junit.jupiter.api.Test;

/** The guarded way in that the CLI, the bot and the agent share. */
class NatInputTest {
  @Test
  void aPasteOverTheLimitIsRefusedNamingTheLimitAndHowToRaiseIt() {
    String paste = "-A POSTROUTING -o eth0 -j MASQUERADE\n".repeat(100);

    UserInputException error =
        catchThrowableOfType(
            () -> NatInput.parse(paste, 1024, "the setting nat.maxInputBytes"),
            UserInputException.class);

    assertThat(error.getMessage())
        .startsWith("the rules are 3700 bytes, over the limit of 1024 bytes")
        .endsWith("raise the limit with the setting nat.maxInputBytes");
  }

  @Test
  void aPasteUnderTheLimitIsParsed() {
    NatTable table = NatInput.parse("-A POSTROUTING -o eth0 -j MASQUERADE\n", 1024, "x");

    assertThat(table.ruleCount()).isEqualTo(1);
  }

  @Test
  void runningOutOfStackOrHeapBecomesAMessage() {
    UserInputException stack =
        catchThrowableOfType(
            () ->
                NatInput.guarded(
                    () -> {
                      throw new StackOverflowError();
                    }),
            UserInputException.class);
    UserInputException heap =
        catchThrowableOfType(
            () ->
                NatInput.guarded(
                    () -> {
                      throw new OutOfMemoryError();
                    }),
            UserInputException.class);

    assertThat(stack.getMessage()).contains("ran out of stack");
    assertThat(heap.getMessage()).contains("more memory than this process has");
  }
}
