package io.peerfix.agent;

import io.peerfix.common.Problems;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.probe.ProbeJson;
import io.peerfix.probe.Prober;
import io.peerfix.probe.ServeProtocol;
import io.peerfix.probe.ServeRequest;

/**
 * What a member daemon answers: a probe through the same {@link Prober} {@code peerfix probe} uses,
 * or the facts through the same {@link NodeFactsCollector} {@code peerfix agent facts} uses, each
 * as the JSON those commands print. Bad requests and failures come back as error answers.
 */
public final class MemberService {
  private final Prober prober;
  private final NodeFactsCollector collector;

  public MemberService(Prober prober, NodeFactsCollector collector) {
    this.prober = prober;
    this.collector = collector;
  }

  /** The answer line for request line {@code line}. */
  public String answer(String line) {
    try {
      ServeRequest request = ServeProtocol.readRequest(line);
      return switch (request.kind()) {
        case PROBE -> ProbeJson.write(probe(request));
        case FACTS -> ProbeJson.write(facts(request));
      };
    } catch (RuntimeException e) {
      return ServeProtocol.error(Problems.describe(e));
    }
  }

  /**
   * Answers one probe request of {@code localhost} (a name, so the resolver runs too; the hosts
   * file answers it) on a closed port: refused at once, or unreachable when this namespace's
   * loopback is down, and no packet leaves the namespace. The classes and code paths of a real
   * request are loaded and compiled before the first one arrives. Returns the answer line, a probe
   * result (never an error answer).
   */
  public String warmUp() {
    ProbeRequest loopback = new ProbeRequest("localhost", 1, ProbeProtocol.POSTGRES, 200);
    String line = answer(ServeProtocol.request(ServeRequest.probe(loopback, "warm-up")));
    ProbeJson.read(line, ProbeResult.class);
    return line;
  }

  private ProbeResult probe(ServeRequest request) {
    return prober.probe(request.target(), request.origin() == null ? "local" : request.origin());
  }

  private NodeFacts facts(ServeRequest request) {
    return collector.collect(
        new NodeFactsCollector.Request(request.nodeName(), request.podCidr(), request.target()));
  }
}
