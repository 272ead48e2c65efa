package io.peerfix.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.exec.CommandResult;
import io.peerfix.facts.ConnectOutcome;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.net.Cidr;
import io.peerfix.probe.ProbeJson;
import io.peerfix.probe.Prober;
import io.peerfix.probe.ServeProtocol;
import io.peerfix.probe.ServeRequest;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class MemberServiceTest {
  // No tool exists: the collector reports what it could not read as warnings.
  private final MemberService service =
      new MemberService(
          new Prober(),
          new NodeFactsCollector(
              (argv, stdin, timeout) -> new CommandResult(argv, 127, "", "not found", false),
              new Prober()));

  private static int closedLoopbackPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void aProbeRequestIsAnsweredWithTheProbersResult() throws IOException {
    ProbeRequest target =
        new ProbeRequest("127.0.0.1", closedLoopbackPort(), ProbeProtocol.TCP, 1000);

    String answer = service.answer(ServeProtocol.request(ServeRequest.probe(target, "pod X")));

    ProbeResult result = ProbeJson.read(answer, ProbeResult.class);
    assertThat(result.origin()).isEqualTo("pod X");
    assertThat(result.request()).isEqualTo(target);
    assertThat(result.attempts())
        .extracting(a -> a.outcome())
        .containsExactly(ConnectOutcome.REFUSED);
  }

  @Test
  void aFactsRequestIsAnsweredWithTheCollectorsFactsForThatNode() {
    String answer =
        service.answer(
            ServeProtocol.request(
                ServeRequest.facts("ip-10-0-1-10", Cidr.parse("10.244.1.0/24"), null)));

    NodeFacts facts = ProbeJson.read(answer, NodeFacts.class);
    assertThat(facts.nodeName()).isEqualTo("ip-10-0-1-10");
    assertThat(facts.podCidr()).isEqualTo(Cidr.parse("10.244.1.0/24"));
    assertThat(facts.warnings()).isNotEmpty();
  }

  @Test
  void theWarmUpProbesOnlyThisNamespacesLoopbackAndAnswersAProbeResult() {
    ProbeResult result = ProbeJson.read(service.warmUp(), ProbeResult.class);

    assertThat(result.origin()).isEqualTo("warm-up");
    assertThat(result.attempts()).isNotEmpty();
    assertThat(result.dns().addresses()).isNotEmpty();
    assertThat(result.attempts()).allSatisfy(a -> assertThat(a.address().octet(0)).isEqualTo(127));
  }

  @Test
  void aBadRequestGetsAnErrorAnswer() {
    assertThat(ServeProtocol.errorOf(service.answer("hello")))
        .get()
        .asString()
        .contains("not a serve request");
  }
}
