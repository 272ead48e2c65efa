package io.peerfix.probe;

import io.peerfix.facts.ProbeRequest;
import io.peerfix.net.Cidr;
import java.util.Objects;

/**
 * One request to a long-running member daemon ({@code peerfix agent serve}): either a probe of
 * {@code target} reported as coming from {@code origin}, or the node's facts for {@code nodeName}
 * (pod range {@code podCidr} when known, host probe of {@code target} when given). Sent as one JSON
 * line; see {@link ServeProtocol}.
 */
public record ServeRequest(
    Kind kind, ProbeRequest target, String origin, String nodeName, Cidr podCidr) {

  /** What the daemon is asked for. */
  public enum Kind {
    PROBE,
    FACTS
  }

  public ServeRequest {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.PROBE && target == null) {
      throw new IllegalArgumentException("a probe request needs a target");
    }
    if (kind == Kind.FACTS && (nodeName == null || nodeName.isBlank())) {
      throw new IllegalArgumentException("a facts request needs a node name");
    }
  }

  public static ServeRequest probe(ProbeRequest target, String origin) {
    return new ServeRequest(Kind.PROBE, target, origin, null, null);
  }

  public static ServeRequest facts(String nodeName, Cidr podCidr, ProbeRequest target) {
    return new ServeRequest(Kind.FACTS, target, null, nodeName, podCidr);
  }
}
