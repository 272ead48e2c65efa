package io.peerfix.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FixAgentFactoryTest {
  private static IptablesBackendDetector.Detection undecided(String label) {
    return new IptablesBackendDetector.Detection(IptablesBackend.DEFAULT, label, "tie", false);
  }

  @Test
  void anUndecidedNodeWhoseIptablesIsNfTablesIsDrivenAsNfTables() {
    assertThat(FixAgentFactory.effective(undecided("nf_tables"))).isEqualTo(IptablesBackend.NFT);
  }

  @Test
  void anUndecidedLegacyOrUnknownNodeKeepsTheSystemDefault() {
    assertThat(FixAgentFactory.effective(undecided("legacy"))).isEqualTo(IptablesBackend.DEFAULT);
    assertThat(FixAgentFactory.effective(undecided("unknown"))).isEqualTo(IptablesBackend.DEFAULT);
  }

  @Test
  void aDecidedBackEndIsKept() {
    var legacy =
        new IptablesBackendDetector.Detection(IptablesBackend.LEGACY, "legacy", "rules", true);
    assertThat(FixAgentFactory.effective(legacy)).isEqualTo(IptablesBackend.LEGACY);
  }
}
