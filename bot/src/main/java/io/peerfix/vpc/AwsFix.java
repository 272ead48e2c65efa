package io.peerfix.vpc;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The AWS change that would remove one blocking finding: what it does, and the AWS CLI command as
 * an argument list (empty when the fix is not an AWS change, e.g. masquerading on the node or
 * re-addressing a range).
 */
public record AwsFix(String description, List<String> command) {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=,@+-]+");

  public AwsFix {
    Objects.requireNonNull(description, "description");
    command = List.copyOf(command);
  }

  /** A fix that no AWS command applies. */
  public static AwsFix advice(String description) {
    return new AwsFix(description, List.of());
  }

  /** True when {@link #command()} holds an AWS CLI command. */
  public boolean hasCommand() {
    return !command.isEmpty();
  }

  /** The command as one line a user can paste into a POSIX shell (empty when there is none). */
  public String commandLine() {
    return String.join(" ", command.stream().map(AwsFix::quote).toList());
  }

  private static String quote(String arg) {
    return PLAIN.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }
}
