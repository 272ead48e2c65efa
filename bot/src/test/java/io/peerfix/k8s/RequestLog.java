package io.peerfix.k8s;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every API request one client sends ("GET /api/v1/nodes?limit=500"), watches included. */
public final class RequestLog implements Interceptor {
  private final List<String> requests = new CopyOnWriteArrayList<>();

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    String query = request.uri().getRawQuery();
    requests.add(
        request.method() + " " + request.uri().getRawPath() + (query == null ? "" : "?" + query));
  }

  public List<String> requests() {
    return List.copyOf(requests);
  }

  public int count() {
    return requests.size();
  }
}
