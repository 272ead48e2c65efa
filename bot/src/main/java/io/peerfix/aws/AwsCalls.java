package io.peerfix.aws;

import io.peerfix.vpc.AwsResource;
import io.peerfix.vpc.ReadWarning;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs one read against AWS and turns failure into a {@link ReadWarning} instead of an exception:
 * permission errors name the IAM action that is missing, anything else says what AWS answered.
 * Retries (throttling, 5xx) are the SDK's job and have already happened when a failure gets here.
 */
final class AwsCalls {
  /** Error codes EC2 and RDS use when the caller lacks permission. */
  private static final Set<String> DENIED =
      Set.of(
          "UnauthorizedOperation",
          "AccessDenied",
          "AccessDeniedException",
          "UnauthorizedAccess",
          "NotAuthorized");

  private final List<ReadWarning> warnings = new ArrayList<>();

  /** The call's result, or empty after recording a warning for {@code resource}. */
  <T> Optional<T> read(AwsResource resource, Supplier<T> call) {
    try {
      return Optional.of(call.get());
    } catch (AwsServiceException e) {
      warnings.add(warningFor(resource, e));
    } catch (SdkException e) {
      warnings.add(
          ReadWarning.failed(resource, "the AWS call failed before an answer: " + e.getMessage()));
    }
    return Optional.empty();
  }

  /** Records a warning that is not an AWS error (e.g. nothing found). */
  void warn(ReadWarning warning) {
    warnings.add(warning);
  }

  List<ReadWarning> warnings() {
    return List.copyOf(warnings);
  }

  static ReadWarning warningFor(AwsResource resource, AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String message =
        e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
            ? e.getMessage()
            : e.awsErrorDetails().errorMessage();
    if (code != null && DENIED.contains(code)) {
      return ReadWarning.missingPermission(resource, code + ": " + firstLine(message));
    }
    String status = e.statusCode() > 0 ? " (HTTP " + e.statusCode() + ")" : "";
    return ReadWarning.failed(
        resource, (code == null ? "error" : code) + status + ": " + firstLine(message));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    // EC2 appends a long encoded authorization message; the first sentence is enough for a user.
    String line = message.lines().findFirst().orElse("");
    int encoded = line.indexOf(" Encoded authorization failure message:");
    return encoded > 0 ? line.substring(0, encoded) : line;
  }
}
