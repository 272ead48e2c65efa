package io.peerfix.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;

/**
 * The fabric8 CRUD mock dispatcher plus what it lacks and a real API server has: list pagination. A
 * list request with {@code limit} gets at most that many items and a {@code continue} token for the
 * rest, so tests can see how many pages (API calls) a large list takes.
 */
final class PagingCrudDispatcher extends KubernetesCrudDispatcher {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A started CRUD mock server whose lists are paginated. */
  static KubernetesMockServer startServer() {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new PagingCrudDispatcher(), false);
    server.init();
    return server;
  }

  @Override
  public MockResponse handleGet(String path) {
    MockResponse response = super.handleGet(path);
    String query = URI.create(path).getRawQuery();
    Long limit = param(query, "limit") == null ? null : Long.valueOf(param(query, "limit"));
    if (limit == null || query.contains("watch=true") || response.getBody() == null) {
      return response;
    }
    String token = param(query, "continue");
    int offset = token == null || token.isEmpty() ? 0 : Integer.parseInt(token);
    return response.setBody(page(response.getBody().readUtf8(), offset, limit.intValue()));
  }

  private static String page(String body, int offset, int limit) {
    try {
      ObjectNode list = (ObjectNode) MAPPER.readTree(body);
      JsonNode items = list.get("items");
      if (items == null || !items.isArray()) {
        return body;
      }
      ArrayNode page = MAPPER.createArrayNode();
      for (int i = offset; i < Math.min(items.size(), offset + limit); i++) {
        page.add(items.get(i));
      }
      list.set("items", page);
      ObjectNode metadata = list.with("metadata");
      if (offset + limit < items.size()) {
        metadata.put("continue", Integer.toString(offset + limit));
        metadata.put("remainingItemCount", items.size() - offset - limit);
      } else {
        metadata.remove("continue");
      }
      return MAPPER.writeValueAsString(list);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String param(String query, String name) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return java.net.URLDecoder.decode(
            pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
