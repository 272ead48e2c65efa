package io.peerfix.aws;

import io.peerfix.common.Problems;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Tells a failure to reach an AWS API (no connection, no answer in time, a host name that does not
 * resolve) from other client-side failures, and says which, in a few words: the SDK wraps all of
 * them in one {@link SdkClientException} whose message ("Unable to execute HTTP request") does not
 * say.
 */
final class Unreachable {
  private Unreachable() {}

  /** Why AWS could not be reached, e.g. {@code connection refused}; empty for other failures. */
  static Optional<String> reason(SdkException e) {
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return Optional.of("no answer in time");
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException) {
        return Optional.of(Problems.describe(t));
      }
      if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException) {
        return Optional.of("no answer in time");
      }
    }
    return Optional.empty();
  }
}
