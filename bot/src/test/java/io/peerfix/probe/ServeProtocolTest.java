package io.peerfix.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.net.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServeProtocolTest {
  private final ProbeRequest target =
      new ProbeRequest("db.example", 5432, ProbeProtocol.POSTGRES, 1500);

  @Test
  void aProbeRequestIsOneJsonLineThatReadsBackEqual() {
    ServeRequest request = ServeRequest.probe(target, "pod on ip-172-20-1-10");

    String line = ServeProtocol.request(request);

    assertThat(line).doesNotContain("\n").startsWith("{");
    assertThat(ServeProtocol.readRequest(line)).isEqualTo(request);
  }

  @Test
  void aFactsRequestKeepsNodeNamePodRangeAndTarget() {
    ServeRequest request =
        ServeRequest.facts("ip-172-20-1-10", Cidr.parse("10.244.1.0/24"), target);

    assertThat(ServeProtocol.readRequest(ServeProtocol.request(request))).isEqualTo(request);
  }

  @Test
  void aFactsRequestWithoutTargetOrPodRangeReadsBackEqual() {
    ServeRequest request = ServeRequest.facts("ip-172-20-1-10", null, null);

    assertThat(ServeProtocol.readRequest(ServeProtocol.request(request))).isEqualTo(request);
  }

  @Test
  void aLineThatIsNoRequestIsRejectedWithAMessage() {
    assertThatThrownBy(() -> ServeProtocol.readRequest("{\"kind\":\"PROBE\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a serve request")
        .hasMessageContaining("target");
  }

  @Test
  void anErrorAnswerCarriesItsProblem() {
    assertThat(ServeProtocol.errorOf(ServeProtocol.error("nat table \"busy\"")))
        .contains("nat table \"busy\"");
  }

  @Test
  void anUnreachableProbeResultWithItsOwnErrorFieldIsNoErrorAnswer() {
    String result =
        ProbeJson.write(
            new ProbeResult(
                "pod",
                target,
                null,
                null,
                List.of(),
                null,
                false,
                2001,
                "timed out after 2001 ms"));

    assertThat(ServeProtocol.errorOf(result)).isEmpty();
  }

  @Test
  void anAnswerThatIsNotJsonIsAnError() {
    assertThat(ServeProtocol.errorOf("Exception in thread main"))
        .get()
        .asString()
        .contains("not JSON");
  }
}
