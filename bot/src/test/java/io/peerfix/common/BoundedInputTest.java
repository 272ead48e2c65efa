package io.peerfix.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole inputs read with a bound: every byte up to the limit, nothing past it. */
class BoundedInputTest {
  @TempDir Path dir;

  private static byte[] bytes(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  @Test
  void aFileIsReadWholeAtEverySizeAroundTheChunkAndTheLimit() throws Exception {
    for (int size : new int[] {0, 1, 65_535, 65_536, 65_537, 300_000, 1 << 20}) {
      byte[] content = bytes(size);
      Path file = Files.write(dir.resolve("f" + size), content);

      assertThat(BoundedInput.readFile(file, 1 << 20, "--max"))
          .as("size %d", size)
          .isEqualTo(content);
    }
  }

  @Test
  void aFileOneByteOverTheLimitIsRefusedNamingTheLimit() throws Exception {
    Path file = Files.write(dir.resolve("over"), bytes((1 << 20) + 1));

    UserInputException error =
        catchThrowableOfType(
            () -> BoundedInput.readFile(file, 1 << 20, "--max-input-mb MB"),
            UserInputException.class);

    assertThat(error.getMessage()).contains("larger than the limit of 1 MiB", "--max-input-mb MB");
  }

  @Test
  void aStreamIsReadWholeUpToTheLimitAndRefusedPastIt() throws Exception {
    byte[] content = bytes(200_001);

    byte[] read =
        BoundedInput.readAll(new ByteArrayInputStream(content), 200_001, "the input", "--max");
    UserInputException over =
        catchThrowableOfType(
            () ->
                BoundedInput.readAll(
                    new ByteArrayInputStream(content), 200_000, "the input", "--max"),
            UserInputException.class);

    assertThat(read).isEqualTo(content);
    assertThat(over.getMessage()).startsWith("the input is larger than the limit of 200000 bytes");
  }
}
