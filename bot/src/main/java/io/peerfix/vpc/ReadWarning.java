package io.peerfix.vpc;

import java.util.Objects;

/**
 * Something the reader could not read, and why. {@code permissionDenied} means the caller lacks
 * {@code resource.iamAction()}; otherwise {@code detail} says what went wrong (throttled, not
 * found, ...). Path evaluation treats hops that need an unread resource as unknown, never as
 * passing.
 */
public record ReadWarning(AwsResource resource, boolean permissionDenied, String detail) {
  public ReadWarning {
    Objects.requireNonNull(resource, "resource");
    detail = detail == null ? "" : detail;
  }

  /** A warning for a permission the caller lacks. */
  public static ReadWarning missingPermission(AwsResource resource, String detail) {
    return new ReadWarning(resource, true, detail);
  }

  /** A warning for another read failure. */
  public static ReadWarning failed(AwsResource resource, String detail) {
    return new ReadWarning(resource, false, detail);
  }

  /**
   * One line for the user, e.g. {@code could not read route tables: missing IAM permission
   * ec2:DescribeRouteTables (grant it to peerfix's role; see infra/aws/iam-policy.json)}.
   */
  public String text() {
    String why =
        permissionDenied
            ? "missing IAM permission "
                + resource.iamAction()
                + " (grant it to peerfix's role; see infra/aws/iam-policy.json)"
            : detail;
    String extra = permissionDenied && !detail.isBlank() ? ": " + detail : "";
    return "could not read " + resource.text() + ": " + why + extra;
  }
}
