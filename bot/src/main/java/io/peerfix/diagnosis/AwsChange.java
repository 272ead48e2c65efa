package io.peerfix.diagnosis;

import io.peerfix.vpc.AwsFix;
import java.util.List;
import java.util.Objects;

/**
 * An AWS change: the typed change from the AWS model ({@link AwsFix}: action, resource id, exact
 * CLI command), rendered with the command line as its snippet.
 */
public record AwsChange(AwsFix change) implements Fix {
  public AwsChange {
    Objects.requireNonNull(change, "change");
  }

  @Override
  public FixKind kind() {
    return FixKind.AWS;
  }

  @Override
  public String scope() {
    return change.resourceId() == null ? "AWS account" : "AWS: " + change.resourceId();
  }

  @Override
  public String description() {
    return change.description();
  }

  @Override
  public String apply() {
    return change.hasCommand() ? change.commandLine() : change.description();
  }

  @Override
  public List<String> command() {
    return change.command();
  }
}
