package io.peerfix.k8s;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.peerfix.metrics.PeerfixMetrics;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/**
 * Counts the Kubernetes API requests of one client that failed ({@code peerfix_api_errors_total}
 * with {@code api="kubernetes"}): a server error, a refused or unauthenticated request, throttling,
 * or no answer at all. The operation is the resource and the RBAC verb ({@code pods.create}, {@code
 * leases.update}, {@code nodes.list}), so the series stay few. Answers that are part of the
 * protocol (404 for an object not there yet, 409 for a write that lost a race) are not errors. Each
 * attempt counts: the client's own retries of a 5xx are failed requests too.
 */
public final class ApiErrorCounter implements Interceptor {
  /** The name the counter is added to a client's interceptors under. */
  public static final String NAME = "peerfix-api-errors";

  private final PeerfixMetrics metrics;

  public ApiErrorCounter(PeerfixMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void after(
      HttpRequest request,
      HttpResponse<?> response,
      AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    int code = response.code();
    if (code >= 500 || code == 401 || code == 403 || code == 429) {
      metrics.apiError(PeerfixMetrics.Api.KUBERNETES, operation(request));
    }
  }

  @Override
  public void afterConnectionFailure(HttpRequest request, Throwable failure) {
    metrics.apiError(PeerfixMetrics.Api.KUBERNETES, operation(request));
  }

  /** "GET /api/v1/namespaces/p/pods?watch=true" is {@code pods.watch}. */
  static String operation(HttpRequest request) {
    String[] parts = request.uri().getRawPath().split("/");
    // "", "api", "v1", ... or "", "apis", group, version, ...
    int i = parts.length > 1 && parts[1].equals("api") ? 3 : 4;
    if (i + 2 < parts.length && parts[i].equals("namespaces")) {
      i += 2;
    }
    if (i >= parts.length) {
      return "discovery." + verb(request, false);
    }
    String resource = parts[i] + (i + 2 < parts.length ? "/" + parts[i + 2] : "");
    return resource + "." + verb(request, i + 1 < parts.length);
  }

  private static String verb(HttpRequest request, boolean named) {
    String query = request.uri().getRawQuery();
    return switch (request.method().toUpperCase(Locale.ROOT)) {
      case "GET" ->
          query != null && query.matches("(.*&)?watch=(true|1)(&.*)?")
              ? "watch"
              : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> request.method().toLowerCase(Locale.ROOT);
    };
  }
}
