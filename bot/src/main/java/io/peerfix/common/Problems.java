package io.peerfix.common;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;

/**
 * Turns an exception into the words a user reads: what went wrong, as a sentence, never a Java
 * class name and never a bare file name standing for a whole message (which is all a {@link
 * NoSuchFileException} carries). Every place that shows an exception to a user goes through {@link
 * #describe}.
 */
public final class Problems {
  /** A leading {@code java.io.IOException: } that {@code new X(cause)} copies into a message. */
  private static final Pattern CLASS_PREFIX =
      Pattern.compile("^(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?:: ?|$)");

  private Problems() {}

  /** What {@code problem} means for the user, in one line. */
  public static String describe(Throwable problem) {
    Throwable t = unwrap(problem);
    if (t instanceof FileSystemException f) {
      return fileProblem(f);
    }
    if (t instanceof SocketTimeoutException) {
      return "no answer in time";
    }
    if (t instanceof UnknownHostException) {
      return "unknown host " + strip(t.getMessage());
    }
    if (t instanceof InterruptedException) {
      return "interrupted";
    }
    if (t instanceof OutOfMemoryError) {
      return "ran out of memory (give Java more, e.g. PEERFIX_JAVA_OPTS=-Xmx2g)";
    }
    if (t instanceof StackOverflowError) {
      return "the input nests too deeply to follow";
    }
    String message = firstLine(strip(t.getMessage()));
    if (!message.isEmpty()) {
      return lowerFirst(message);
    }
    return fallback(t);
  }

  /**
   * What went wrong with the file behind {@code problem}: "does not exist", "permission denied",
   * ..., for "cannot read FILE: " + this.
   */
  public static String fileReason(Throwable problem) {
    Throwable t = unwrap(problem);
    if (t instanceof NoSuchFileException || t instanceof FileNotFoundException) {
      return "it does not exist";
    }
    if (t instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (t instanceof FileSystemException f && f.getReason() != null) {
      return lowerFirst(f.getReason());
    }
    return describe(t);
  }

  private static String fileProblem(FileSystemException f) {
    String file = f.getFile() == null ? "a file" : f.getFile();
    if (f instanceof NoSuchFileException) {
      return file + " does not exist";
    }
    if (f instanceof AccessDeniedException) {
      return file + ": permission denied";
    }
    if (f instanceof FileAlreadyExistsException) {
      return file + " already exists";
    }
    if (f instanceof NotDirectoryException) {
      return file + " is not a directory";
    }
    if (f instanceof DirectoryNotEmptyException) {
      return file + " is a directory that is not empty";
    }
    return file + ": " + (f.getReason() == null ? "input/output error" : lowerFirst(f.getReason()));
  }

  private static Throwable unwrap(Throwable problem) {
    Throwable t = problem;
    while (t.getCause() != null && t.getCause() != t && isWrapper(t)) {
      t = t.getCause();
    }
    return t;
  }

  /** Wrappers whose message adds nothing to their cause's. */
  private static boolean isWrapper(Throwable t) {
    return t instanceof UncheckedIOException
        || t instanceof CompletionException
        || t instanceof ExecutionException
        || t.getMessage() == null
        || t.getMessage().equals(t.getCause().toString())
        || strip(t.getMessage()).isEmpty();
  }

  private static String fallback(Throwable t) {
    if (t instanceof ConnectException) {
      return "connection failed";
    }
    if (t instanceof java.io.IOException) {
      return "an input/output error without details";
    }
    return "an internal error without details (please report it with the command that caused it)";
  }

  private static String strip(String message) {
    if (message == null) {
      return "";
    }
    String m = message.strip();
    String before;
    do {
      before = m;
      m = CLASS_PREFIX.matcher(m).replaceFirst("").strip();
    } while (!m.equals(before));
    return m;
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl).strip();
  }

  private static String lowerFirst(String text) {
    // An acronym (ENOENT, DNS) keeps its case; a sentence starts lower-case after a colon.
    return text.length() < 2 || Character.isUpperCase(text.charAt(1))
        ? text
        : Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }
}
