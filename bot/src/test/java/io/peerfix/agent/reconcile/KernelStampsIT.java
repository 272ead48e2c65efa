package io.peerfix.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.agent.IptablesBackend;
import io.peerfix.testing.TempNamespace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The kernel's stamps of a nat table on the real kernel, read in a network namespace of the test's
 * own through both back ends: unchanged while nothing is written, moved by every kind of write the
 * idle check must see.
 */
class KernelStampsIT {
  private static final String BEFORE =
      "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
          + ":POSTROUTING ACCEPT [0:0]\n:KUBE-POSTROUTING - [0:0]\n"
          + "-A POSTROUTING -j KUBE-POSTROUTING\n"
          + "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE\n"
          + "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN\n"
          + "COMMIT\n";

  private TempNamespace ns;

  @BeforeEach
  void node() {
    ns = new TempNamespace();
  }

  @AfterEach
  void cleanUp() {
    ns.close();
  }

  private static String program(IptablesBackend b, String suffix) {
    return (b == IptablesBackend.LEGACY ? "iptables-legacy" : "iptables-nft") + suffix;
  }

  private void iptables(IptablesBackend b, String... args) {
    List<String> argv = new ArrayList<>(List.of(program(b, ""), "-w", "-t", "nat"));
    argv.addAll(List.of(args));
    ns.execOk("", argv.toArray(String[]::new));
  }

  private TableStamps stamps(IptablesBackend b) {
    return KernelStamps.open(b, Optional.of(Path.of("/run/netns", ns.name())));
  }

  private static TableStamp read(TableStamps stamps) {
    return stamps.read().orElseThrow();
  }

  @ParameterizedTest
  @EnumSource(names = {"LEGACY", "NFT"})
  void theStampStaysWhileNothingIsWrittenAndListingDoesNotMoveIt(IptablesBackend b) {
    ns.execOk(BEFORE, program(b, "-restore"));
    TableStamps stamps = stamps(b);
    TableStamp first = read(stamps);
    iptables(b, "-S", "POSTROUTING");
    ns.execOk("", program(b, "-save"), "-t", "nat");
    assertThat(read(stamps)).isEqualTo(first);
  }

  private void applyFix(IptablesBackend b) {
    String payload =
        RestorePlan.between(
                NatSnapshot.parse(""),
                List.of(
                    new DesiredRule(
                        "fix-seed",
                        List.of("-d", "10.0.5.20/32", "-o", "eth0", "-j", "MASQUERADE"))))
            .payload();
    ns.execOk(payload, program(b, "-restore"), "--noflush", "-w");
  }

  @ParameterizedTest
  @EnumSource(names = {"LEGACY", "NFT"})
  void everyWriteTheIdleCheckMustSeeMovesTheStamp(IptablesBackend b) {
    ns.execOk(BEFORE, program(b, "-restore"));
    TableStamps stamps = stamps(b);
    List<TableStamp> seen = new ArrayList<>(List.of(read(stamps)));
    applyFix(b); // as the reconciler writes it
    seen.add(read(stamps));
    // A Calico-style insert above peerfix's jump.
    iptables(
        b,
        "-I",
        "POSTROUTING",
        "1",
        "-m",
        "comment",
        "--comment",
        "cali:O3lYWMrLQYEMJtB5",
        "-j",
        "ACCEPT");
    seen.add(read(stamps));
    // A reboot: the table as it was before the fix.
    ns.execOk(BEFORE, program(b, "-restore"));
    seen.add(read(stamps));
    applyFix(b);
    seen.add(read(stamps));
    iptables(b, "-F", "POSTROUTING");
    seen.add(read(stamps));
    // Another manager's chain, which peerfix does not need to see (it costs a listing, no more).
    iptables(b, "-A", "KUBE-POSTROUTING", "-j", "MASQUERADE", "--random-fully");
    seen.add(read(stamps));
    for (int i = 1; i < seen.size(); i++) {
      assertThat(seen.get(i)).as("after write %d", i).isNotEqualTo(seen.get(i - 1));
    }
  }

  @Test
  void theLegacyStampCountsTheEntriesOfTheNamespacesOwnTable() {
    ns.execOk(BEFORE, "iptables-legacy-restore");
    TableStamps stamps = stamps(IptablesBackend.LEGACY);
    // Five built-in chains' rules and policies (4 + 2 rules), the user chain's head, rule and
    // return, and the table's end: 4 + 2 + 3 + 1.
    assertThat(LegacyTableInfo.entries(read(stamps))).isEqualTo(10);
    iptables(IptablesBackend.LEGACY, "-A", "OUTPUT", "-d", "10.0.0.1", "-j", "RETURN");
    assertThat(LegacyTableInfo.entries(read(stamps))).isEqualTo(11);
  }

  @Test
  void aNamespaceWithoutALegacyNatTableHasNoLegacyStampAndGetsNoTable() {
    TableStamps stamps = stamps(IptablesBackend.LEGACY);
    assertThat(stamps.read()).isEmpty();
    assertThat(stamps.describe()).startsWith("listing the chains at every look");
    assertThat(ns.execOk("", "cat", "/proc/net/ip_tables_names").lines()).doesNotContain("nat");
  }

  @Test
  void aBackEndNotToldApartHasNoStampAndSaysSo() {
    TableStamps stamps = KernelStamps.open(IptablesBackend.DEFAULT, Optional.empty());
    assertThat(stamps.read()).isEmpty();
    assertThat(stamps.describe()).startsWith("listing the chains at every look");
  }
}
