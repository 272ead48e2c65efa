package io.peerfix.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.exec.CommandResult;
import io.peerfix.facts.ConnectOutcome;
import io.peerfix.facts.ProbeResult;
import io.peerfix.testing.PeerfixJar;
import io.peerfix.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The probe against a real PostgreSQL server on loopback. */
class ProbePostgresIT {
  private static PostgresServer postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = new PostgresServer();
    try {
      postgres.start();
    } catch (RuntimeException e) {
      postgres.close();
      throw e;
    }
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static CommandResult probe(String protocol) {
    return PeerfixJar.run(
        "probe",
        "--host",
        "127.0.0.1",
        "--port",
        "" + postgres.port(),
        "--protocol",
        protocol,
        "--timeout",
        "2s",
        "--origin",
        "it");
  }

  @Test
  void realPostgresAnswersTheSslRequestAndTheProbeExitsZero() {
    CommandResult run = probe("postgres");
    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(0);
    ProbeResult result = ProbeJson.read(run.stdout(), ProbeResult.class);
    assertThat(result.reachable()).isTrue();
    assertThat(result.protocolCheck().answered()).isTrue();
    // ssl=off: a real server declines TLS with 'N'.
    assertThat(result.protocolCheck().detail())
        .contains("'N'")
        .contains("the startup message with");
  }

  @Test
  void aTcpProbeOfPostgresConnectsWithoutProtocolCheck() {
    ProbeResult result = ProbeJson.read(probe("tcp").stdout(), ProbeResult.class);
    assertThat(result.attempts().get(0).outcome()).isEqualTo(ConnectOutcome.CONNECTED);
    assertThat(result.protocolCheck()).isNull();
    assertThat(result.origin()).isEqualTo("it");
  }

  @Test
  void postgresIsNotMistakenForMysql() {
    CommandResult run = probe("mysql");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(ProbeJson.read(run.stdout(), ProbeResult.class).protocolCheck().answered())
        .isFalse();
  }
}
