package io.peerfix.facts;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.facts.FactsFixtures.NatConfig;
import io.peerfix.nat.NatDump;
import io.peerfix.nat.NatTable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The fixture's nat tables are dumps the kernel would restore: every chain a rule uses exists. */
class FactsFixturesTest {
  @ParameterizedTest
  @EnumSource(NatConfig.class)
  void everyNatConfigurationWithLocalEndpointsIsADumpTheNatEngineReads(NatConfig config) {
    NatTable table = NatDump.parse(FactsFixtures.natTable(200, config, 3));

    assertThat(table.chain("KUBE-SEP-LOCAL2")).isNotNull();
    assertThat(table.warnings()).isEmpty();
  }
}
