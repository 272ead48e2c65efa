package io.peerfix.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ProblemsTest {
  @Test
  void aMissingFileIsASentenceNotJustItsName() {
    assertThat(Problems.describe(new NoSuchFileException("/x/y.yaml")))
        .isEqualTo("/x/y.yaml does not exist");
    assertThat(Problems.fileReason(new NoSuchFileException("/x/y.yaml")))
        .isEqualTo("it does not exist");
  }

  @Test
  void aFileThatMayNotBeReadSaysPermissionDenied() {
    assertThat(Problems.fileReason(new AccessDeniedException("/root/a")))
        .isEqualTo("permission denied");
  }

  @Test
  void anExceptionWithoutAMessageNeverShowsItsClassName() {
    assertThat(Problems.describe(new NullPointerException()))
        .doesNotContain("NullPointer")
        .doesNotContain("Exception")
        .contains("internal error");
    assertThat(Problems.describe(new IOException()))
        .isEqualTo("an input/output error without details");
  }

  @Test
  void aSocketErrorKeepsItsReasonWithoutItsClassName() {
    assertThat(Problems.describe(new BindException("Permission denied")))
        .isEqualTo("permission denied");
    assertThat(Problems.describe(new ConnectException("Connection refused")))
        .isEqualTo("connection refused");
    assertThat(Problems.describe(new SocketTimeoutException("Read timed out")))
        .isEqualTo("no answer in time");
  }

  @Test
  void wrappersAreLookedThrough() {
    Throwable wrapped =
        new CompletionException(
            new ExecutionException(new UncheckedIOException(new NoSuchFileException("/s"))));

    assertThat(Problems.describe(wrapped)).isEqualTo("/s does not exist");
    assertThat(Problems.describe(new RuntimeException(new BindException("Permission denied"))))
        .isEqualTo("permission denied");
  }

  @Test
  void aClassNameCopiedIntoAMessageIsDropped() {
    assertThat(Problems.describe(new IllegalStateException("java.io.IOException: disk full")))
        .isEqualTo("disk full");
  }

  @Test
  void aUserInputMessageComesThroughAsItIs() {
    assertThat(Problems.describe(new UserInputException("lab 'x' is not up")))
        .isEqualTo("lab 'x' is not up");
  }

  @Test
  void onlyTheFirstLineOfAMessageIsShown() {
    assertThat(Problems.describe(new IllegalArgumentException("bad thing\n\tat stack")))
        .isEqualTo("bad thing");
  }
}
