package io.peerfix.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.facts.ConnectOutcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class TcpConnectorTest {
  @Test
  void aResetIsRefused() {
    assertThat(TcpConnector.outcomeOf(new ConnectException("Connection refused")))
        .isEqualTo(ConnectOutcome.REFUSED);
  }

  @Test
  void noAnswerWithinTheTimeoutIsTimedOut() {
    assertThat(TcpConnector.outcomeOf(new SocketTimeoutException("Connect timed out")))
        .isEqualTo(ConnectOutcome.TIMED_OUT);
  }

  @Test
  void noRouteToHostIsUnreachable() {
    assertThat(TcpConnector.outcomeOf(new NoRouteToHostException("No route to host")))
        .isEqualTo(ConnectOutcome.UNREACHABLE);
  }

  @Test
  void anUnreachableNetworkIsUnreachable() {
    assertThat(TcpConnector.outcomeOf(new ConnectException("Network is unreachable")))
        .isEqualTo(ConnectOutcome.UNREACHABLE);
  }

  @Test
  void anythingElseIsAnError() {
    assertThat(TcpConnector.outcomeOf(new IOException("Permission denied")))
        .isEqualTo(ConnectOutcome.ERROR);
  }
}
