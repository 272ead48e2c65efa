package io.peerfix.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.probe.ProbeOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe pod's command line means to the probe program exactly the request the bot made. */
class ProbePodArgumentsTest {

  private static ProbeRequest asTheProbeReadsIt(List<String> args) {
    assertThat(args).first().isEqualTo("probe");
    return ProbeOptions.request(
        args.get(2), Integer.parseInt(args.get(4)), args.get(6), args.get(8));
  }

  @Test
  void aWholeSecondTimeoutRoundTrips() {
    ProbeRequest request =
        new ProbeRequest("orders.example.internal", 5432, ProbeProtocol.POSTGRES, 2000);

    assertThat(asTheProbeReadsIt(ProbePodFactory.args(request))).isEqualTo(request);
  }

  @Test
  void aMillisecondTimeoutRoundTrips() {
    ProbeRequest request = new ProbeRequest("10.0.5.20", 3306, ProbeProtocol.MYSQL, 1500);

    assertThat(asTheProbeReadsIt(ProbePodFactory.args(request))).isEqualTo(request);
  }

  @Test
  void namesTheOptionsAsTheProbeProgramDoes() {
    List<String> args =
        ProbePodFactory.args(new ProbeRequest("10.0.5.20", 5432, ProbeProtocol.TCP, 2000));

    assertThat(List.of(args.get(1), args.get(3), args.get(5), args.get(7)))
        .containsExactly("--host", "--port", "--timeout", "--protocol");
  }
}
