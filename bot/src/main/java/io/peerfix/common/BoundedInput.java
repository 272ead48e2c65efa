package io.peerfix.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a whole input (a file, standard input, a child's output) into memory with a bound: reading
 * stops as soon as the input is larger than the limit, so {@code /dev/zero}, an endless pipe or a
 * 200 MB file never fills the heap. Over the limit is a {@link UserInputException} naming the
 * input, the limit and how to raise it.
 */
public final class BoundedInput {
  private static final int CHUNK = 1 << 16;

  private BoundedInput() {}

  /**
   * The bytes of {@code in}, at most {@code maxBytes}.
   *
   * @param what the input as the user knows it, e.g. "the rules (--rules -)"
   * @param raise how to raise the limit, e.g. "--max-input-mb 64"
   */
  public static byte[] readAll(InputStream in, long maxBytes, String what, String raise)
      throws IOException {
    return readAll(in, maxBytes, what, raise, CHUNK);
  }

  /**
   * As above, starting with room for {@code expected} bytes: a file read whole whose size is known
   * is read into one array of its size, with no copy while growing and none at the end (a 17 MB
   * table would otherwise be copied three times before the parser sees it).
   */
  private static byte[] readAll(
      InputStream in, long maxBytes, String what, String raise, long expected) throws IOException {
    byte[] buffer = new byte[(int) Math.max(1, Math.min(maxBytes + 1, expected))];
    int size = 0;
    while (true) {
      if (size == buffer.length) {
        if (size > maxBytes) {
          throw tooLarge(what, maxBytes, raise);
        }
        int more = in.read();
        if (more < 0) {
          return buffer; // exactly full: the common case when the size was known
        }
        buffer = Arrays.copyOf(buffer, (int) Math.min(maxBytes + 1, 2L * buffer.length));
        buffer[size++] = (byte) more;
        continue;
      }
      int read = in.read(buffer, size, buffer.length - size);
      if (read < 0) {
        break;
      }
      size += read;
    }
    if (size > maxBytes) {
      throw tooLarge(what, maxBytes, raise);
    }
    return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
  }

  /** A file's bytes, at most {@code maxBytes}: a regular file over the limit is not even opened. */
  public static byte[] readFile(Path path, long maxBytes, String raise) {
    String what = path.toString();
    try {
      long expected = CHUNK;
      if (Files.isRegularFile(path)) {
        expected = Files.size(path);
        if (expected > maxBytes) {
          throw tooLarge(what, maxBytes, raise);
        }
      }
      try (InputStream in = Files.newInputStream(path)) {
        return readAll(in, maxBytes, what, raise, expected == 0 ? CHUNK : expected);
      }
    } catch (NoSuchFileException e) {
      throw new UserInputException("cannot read " + path + ": no such file");
    } catch (IOException e) {
      throw new UserInputException("cannot read " + path + ": " + Problems.fileReason(e), e);
    }
  }

  private static UserInputException tooLarge(String what, long maxBytes, String raise) {
    return new UserInputException(
        what
            + " is larger than the limit of "
            + size(maxBytes)
            + " (a node's nat table is a few MB, 17 MB with 10,000 services): give the right"
            + " input, or raise the limit with "
            + raise);
  }

  /** A byte count as people read it: 32 MiB, 512 KiB, 100 bytes. */
  public static String size(long bytes) {
    if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
      return (bytes >> 10) + " KiB";
    }
    return bytes + " bytes";
  }
}
