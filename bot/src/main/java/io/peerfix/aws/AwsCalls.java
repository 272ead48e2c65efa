package io.peerfix.aws;

import io.peerfix.vpc.AwsResource;
import io.peerfix.vpc.ReadWarning;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs one read against AWS and turns failure into a {@link ReadWarning} instead of an exception:
 * permission errors name the IAM action that is missing, a service that cannot be reached is named
 * with where it was sought and what to check, anything else says what AWS answered. Retries
 * (throttling, 5xx) are the SDK's job and have already happened when a failure gets here.
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
  private final Function<String, String> whereOf;

  /** Per service that could not be reached, what the user is told; its later reads are skipped. */
  private final Map<String, String> unreachable = new HashMap<>();

  /**
   * Calls whose warnings say where a service was sought: {@code whereOf} gives, for {@code EC2} or
   * {@code RDS}, e.g. {@code in us-east-1} or {@code at https://vpce-...}.
   */
  AwsCalls(Function<String, String> whereOf) {
    this.whereOf = whereOf;
  }

  /**
   * The call's result, or empty after recording a warning for {@code resource}. Once a service
   * could not be reached, its further reads are not tried (each would wait out the same timeouts
   * and retries) and only warned about.
   */
  <T> Optional<T> read(AwsResource resource, Supplier<T> call) {
    String service = resource.service();
    if (unreachable.containsKey(service)) {
      warnings.add(ReadWarning.failed(resource, unreachable.get(service)));
      return Optional.empty();
    }
    try {
      return Optional.of(call.get());
    } catch (AwsServiceException e) {
      warnings.add(warningFor(resource, e));
    } catch (SdkException e) {
      Optional<String> why = Unreachable.reason(e);
      String detail =
          why.map(reason -> unreachableText(service, reason))
              .orElse("the AWS call failed before an answer: " + e.getMessage());
      why.ifPresent(reason -> unreachable.put(service, detail));
      warnings.add(ReadWarning.failed(resource, detail));
    }
    return Optional.empty();
  }

  /** What the user is told when {@code service} (EC2, RDS) could not be reached at all. */
  private String unreachableText(String service, String reason) {
    return "AWS "
        + service
        + " could not be reached "
        + whereOf.apply(service)
        + " ("
        + reason
        + "): check that this machine reaches it (network, firewall, proxy), or set aws.endpoint"
        + " to an endpoint it reaches";
  }

  /** What the user is told about {@code service} (EC2, RDS), if it could not be reached. */
  Optional<String> unreachable(String service) {
    return Optional.ofNullable(unreachable.get(service));
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
