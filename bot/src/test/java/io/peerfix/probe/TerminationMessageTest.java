package io.peerfix.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.facts.ConnectAttempt;
import io.peerfix.facts.ConnectOutcome;
import io.peerfix.facts.DnsLookup;
import io.peerfix.facts.DnsStatus;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.net.Ipv4;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminationMessageTest {
  private static ProbeResult withAttempts(int n) {
    List<Ipv4> addresses = new ArrayList<>();
    List<ConnectAttempt> attempts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Ipv4 address = Ipv4.of(10, 0, i / 250, i % 250 + 1);
      addresses.add(address);
      attempts.add(
          new ConnectAttempt(
              address,
              5432,
              ConnectOutcome.TIMED_OUT,
              2000,
              Ipv4.parse("10.244.1.5"),
              "no answer to the SYN within 2000 ms"));
    }
    return new ProbeResult(
        "pod",
        new ProbeRequest("db.example", 5432, ProbeProtocol.TCP, 2000),
        Ipv4.parse("10.244.1.5"),
        new DnsLookup("db.example", DnsStatus.RESOLVED, addresses, 3, null),
        attempts,
        null,
        false,
        2004,
        "no address connected");
  }

  @Test
  void aSmallResultIsWrittenWhole() {
    ProbeResult result = withAttempts(2);
    assertThat(TerminationMessage.fit(result)).isEqualTo(ProbeJson.write(result));
  }

  @Test
  void aLargeResultIsCutToTheLimitAndStaysValidJson() {
    String json = TerminationMessage.fit(withAttempts(40));
    assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
    ProbeResult back = ProbeJson.read(json, ProbeResult.class);
    assertThat(back.attempts()).isNotEmpty().hasSizeLessThan(40);
    assertThat(back.error()).contains("connect attempts left out");
  }
}
