package io.peerfix.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.facts.ConnectAttempt;
import io.peerfix.facts.ConnectOutcome;
import io.peerfix.facts.DnsLookup;
import io.peerfix.facts.DnsStatus;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.facts.ProtocolCheck;
import io.peerfix.net.Ipv4;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeJsonTest {
  private final ProbeResult result =
      new ProbeResult(
          "pod-a",
          new ProbeRequest("db.example", 5432, ProbeProtocol.POSTGRES, 2000),
          Ipv4.parse("10.244.1.5"),
          new DnsLookup(
              "db.example", DnsStatus.RESOLVED, List.of(Ipv4.parse("10.0.5.20")), 3, null),
          List.of(
              new ConnectAttempt(
                  Ipv4.parse("10.0.5.20"),
                  5432,
                  ConnectOutcome.CONNECTED,
                  1,
                  Ipv4.parse("10.244.1.5"),
                  null)),
          new ProtocolCheck(ProbeProtocol.POSTGRES, true, "answered 'N'"),
          true,
          6,
          null);

  @Test
  void aResultIsOneLineOfJson() {
    assertThat(ProbeJson.write(result)).doesNotContain("\n").startsWith("{").endsWith("}");
  }

  @Test
  void fieldsAndEnumsKeepTheirNames() {
    assertThat(ProbeJson.write(result))
        .contains("\"reachable\":true", "\"outcome\":\"CONNECTED\"", "\"status\":\"RESOLVED\"");
  }

  @Test
  void aResultReadsBackEqual() {
    assertThat(ProbeJson.read(ProbeJson.write(result), ProbeResult.class)).isEqualTo(result);
  }
}
