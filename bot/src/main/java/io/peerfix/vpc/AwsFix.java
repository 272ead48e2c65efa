package io.peerfix.vpc;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The AWS change that would remove one blocking finding: its {@link AwsAction kind}, the id of the
 * resource it changes (route table, security group, network ACL, peering connection or VPC; null
 * for advice), what it does, and the exact AWS CLI command as an argument list (empty for {@link
 * AwsAction#ADVICE}, e.g. waiting for a peering or re-addressing a range).
 */
public record AwsFix(
    AwsAction action, String resourceId, String description, List<String> command) {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=,@+-]+");

  public AwsFix {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(description, "description");
    command = List.copyOf(command);
    if ((action == AwsAction.ADVICE) != command.isEmpty()) {
      throw new IllegalArgumentException("advice has no command, every other change has one");
    }
  }

  /** A fix that no AWS command applies. */
  public static AwsFix advice(String description) {
    return new AwsFix(AwsAction.ADVICE, null, description, List.of());
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
