package io.peerfix.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.exec.CommandResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainListingTest {
  private static final List<String> ARGV =
      List.of("iptables-nft", "-w", "-t", "nat", "-S", "PEERFIX-POSTROUTING");

  private static ChainListing of(int exit, String stderr, boolean timedOut) {
    return ChainListing.of(
        "PEERFIX-POSTROUTING", new CommandResult(ARGV, exit, "", stderr, timedOut));
  }

  @Test
  void aChainLegacyIptablesDoesNotKnowIsAbsentNotAnError() {
    ChainListing listing = of(1, "iptables: No chain/target/match by that name.\n", false);
    assertThat(listing.present()).isFalse();
    assertThat(listing.error()).isEmpty();
  }

  @Test
  void aChainNfTablesCallsIncompatibleIsAbsentNotAnError() {
    ChainListing listing =
        of(
            1,
            "iptables v1.8.9 (nf_tables): chain `PEERFIX-POSTROUTING' in table `nat' is"
                + " incompatible, use 'nft' tool.\n",
            false);
    assertThat(listing.present()).isFalse();
    assertThat(listing.error()).isEmpty();
  }

  @Test
  void anotherChainsIncompatibilityIsAnError() {
    ChainListing listing =
        of(
            1,
            "iptables v1.8.9 (nf_tables): chain `KUBE-X' in table `nat' is incompatible\n",
            false);
    assertThat(listing.error()).isPresent();
  }

  @Test
  void aTimeoutIsAnErrorAndSaysSo() {
    ChainListing listing = of(-1, "", true);
    assertThat(listing.error()).hasValueSatisfying(e -> assertThat(e).endsWith("timed out"));
  }

  @Test
  void aLockOrPermissionFailureIsAnError() {
    ChainListing listing = of(4, "Another app is currently holding the xtables lock.\n", false);
    assertThat(listing.present()).isFalse();
    assertThat(listing.error()).isPresent();
  }

  @Test
  void theFingerprintTellsAbsentFromEmptyAndFromAnError() {
    ChainListing empty =
        ChainListing.of(
            "PEERFIX-POSTROUTING",
            new CommandResult(ARGV, 0, "-N PEERFIX-POSTROUTING\n", "", false));
    ChainListing absent = of(1, "iptables: No chain/target/match by that name.\n", false);
    ChainListing failed = of(-1, "", true);
    assertThat(List.of(empty.fingerprint(), absent.fingerprint(), failed.fingerprint()))
        .doesNotHaveDuplicates();
  }
}
