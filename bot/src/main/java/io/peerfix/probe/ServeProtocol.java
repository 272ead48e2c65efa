package io.peerfix.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerfix.common.Problems;
import java.util.Optional;

/**
 * The member daemons' wire format: a request is one JSON line (a {@link ServeRequest}), the answer
 * one JSON line, either the result ({@code ProbeResult} or {@code NodeFacts}, as {@code peerfix
 * probe} and {@code peerfix agent facts} print them) or {@code {"serveError": "..."}} when the
 * daemon could not serve the request.
 */
public final class ServeProtocol {
  // Not "error": a ProbeResult has a field of that name.
  private static final String ERROR_KEY = "serveError";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ServeProtocol() {}

  public static String request(ServeRequest request) {
    return ProbeJson.write(request);
  }

  /** The request on {@code line}; IllegalArgumentException when it is not one. */
  public static ServeRequest readRequest(String line) {
    try {
      return ProbeJson.read(line, ServeRequest.class);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a serve request: " + describe(e), e);
    }
  }

  /** The answer line saying the daemon could not serve a request. */
  public static String error(String problem) {
    return MAPPER.createObjectNode().put(ERROR_KEY, problem).toString();
  }

  /** The problem an answer line reports, if it is an error answer (or not JSON at all). */
  public static Optional<String> errorOf(String line) {
    try {
      JsonNode node = MAPPER.readTree(line);
      if (node == null || !node.isObject()) {
        return Optional.of("answer is not a JSON object: " + line);
      }
      JsonNode error = node.get(ERROR_KEY);
      return error == null ? Optional.empty() : Optional.of(error.asText());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Optional.of("answer is not JSON: " + line);
    }
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return Problems.describe(root);
  }
}
