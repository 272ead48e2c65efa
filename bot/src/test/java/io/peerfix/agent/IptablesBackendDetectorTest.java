package io.peerfix.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.testing.FakeCommandRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

class IptablesBackendDetectorTest {
  private static final String HINT_MANGLE =
      "*mangle\n:PREROUTING ACCEPT [0:0]\n:KUBE-IPTABLES-HINT - [0:0]\nCOMMIT\n";
  private static final String CANARY_ALL =
      "*mangle\n:KUBE-KUBELET-CANARY - [0:0]\nCOMMIT\n*nat\n-A POSTROUTING -j MASQUERADE\nCOMMIT\n";

  private static String rules(int n) {
    StringBuilder s = new StringBuilder("*nat\n:POSTROUTING ACCEPT [0:0]\n");
    for (int i = 0; i < n; i++) {
      s.append("-A POSTROUTING -d 10.0.").append(i).append(".0/24 -j RETURN\n");
    }
    return s.append("COMMIT\n").toString();
  }

  @Test
  void kubeletsHintInTheNftMangleTableMeansNft() {
    FakeCommandRunner runner =
        new FakeCommandRunner()
            .prints(HINT_MANGLE, "iptables-nft-save", "-t", "mangle")
            .prints(rules(50), "iptables-legacy-save");
    assertThat(new IptablesBackendDetector(runner).detect().backend())
        .isEqualTo(IptablesBackend.NFT);
  }

  @Test
  void kubeletsCanaryInTheLegacyTablesMeansLegacy() {
    FakeCommandRunner runner =
        new FakeCommandRunner()
            .prints(CANARY_ALL, "iptables-legacy-save")
            .prints(rules(50), "iptables-nft-save");
    assertThat(new IptablesBackendDetector(runner).detect().backend())
        .isEqualTo(IptablesBackend.LEGACY);
  }

  @Test
  void theLegacyTablesAreNeverAskedForTheMangleTable() {
    FakeCommandRunner runner = new FakeCommandRunner();
    new IptablesBackendDetector(runner).detect();
    assertThat(runner.calls())
        .doesNotContain(List.of("iptables-legacy-save", "-t", "mangle"))
        .contains(List.of("iptables-legacy-save"));
  }

  @Test
  void withoutKubeletChainsMoreLegacyRulesMeansLegacy() {
    FakeCommandRunner runner =
        new FakeCommandRunner()
            .prints(rules(3), "iptables-legacy-save")
            .prints(rules(1), "iptables-nft-save");
    IptablesBackendDetector.Detection detection = new IptablesBackendDetector(runner).detect();
    assertThat(detection.backend()).isEqualTo(IptablesBackend.LEGACY);
    assertThat(detection.reason()).isEqualTo("3 legacy rules, 1 nf_tables rules");
  }

  @Test
  void withoutKubeletChainsMoreNftRulesMeansNft() {
    FakeCommandRunner runner =
        new FakeCommandRunner()
            .prints(rules(1), "iptables-legacy-save")
            .prints(rules(2), "ip6tables-nft-save");
    assertThat(new IptablesBackendDetector(runner).detect().backend())
        .isEqualTo(IptablesBackend.NFT);
  }

  @Test
  void ipv6RulesCountToo() {
    FakeCommandRunner runner =
        new FakeCommandRunner()
            .prints(rules(2), "iptables-nft-save")
            .prints(rules(1), "iptables-legacy-save")
            .prints(rules(2), "ip6tables-legacy-save");
    assertThat(new IptablesBackendDetector(runner).detect().backend())
        .isEqualTo(IptablesBackend.LEGACY);
  }

  @Test
  void aTieLeavesTheSystemsDefault() {
    FakeCommandRunner runner =
        new FakeCommandRunner()
            .prints(rules(2), "iptables-legacy-save")
            .prints(rules(2), "iptables-nft-save");
    assertThat(new IptablesBackendDetector(runner).detect().backend())
        .isEqualTo(IptablesBackend.DEFAULT);
  }

  @Test
  void kubeletsHintIsReportedAsNfTables() {
    FakeCommandRunner runner =
        new FakeCommandRunner().prints(HINT_MANGLE, "iptables-nft-save", "-t", "mangle");
    IptablesBackendDetector.Detection detection = new IptablesBackendDetector(runner).detect();
    assertThat(detection.label()).isEqualTo("nf_tables");
    assertThat(detection.decidedByRules()).isTrue();
  }

  @Test
  void theDefaultIsNamedByWhatTheSystemsIptablesSaveSaysItIs() {
    FakeCommandRunner runner =
        new FakeCommandRunner()
            .prints("iptables-save v1.8.9 (nf_tables)\n", "iptables-save", "--version");
    IptablesBackendDetector.Detection detection = new IptablesBackendDetector(runner).detect();
    assertThat(detection.label()).isEqualTo("nf_tables");
    assertThat(detection.decidedByRules()).isFalse();
  }

  @Test
  void anIptablesSaveWithoutModeIsLegacy() {
    FakeCommandRunner runner =
        new FakeCommandRunner().prints("iptables-save v1.6.1\n", "iptables-save", "--version");
    assertThat(new IptablesBackendDetector(runner).detect().label()).isEqualTo("legacy");
  }

  @Test
  void noIptablesAtAllIsUnknown() {
    assertThat(new IptablesBackendDetector(new FakeCommandRunner()).detect().label())
        .isEqualTo("unknown");
  }

  @Test
  void neitherVariantInstalledLeavesTheSystemsDefault() {
    assertThat(new IptablesBackendDetector(new FakeCommandRunner()).detect().backend())
        .isEqualTo(IptablesBackend.DEFAULT);
  }
}
