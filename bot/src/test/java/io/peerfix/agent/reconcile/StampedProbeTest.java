package io.peerfix.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.exec.CommandResult;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The idle probe with kernel stamps: it lists only when the stamp moved or could not be read. */
class StampedProbeTest {
  @TempDir Path dir;

  private final List<String> listed = new ArrayList<>();
  private Optional<TableStamp> stamp = Optional.of(TableStamp.of(10, 1632));
  private String postrouting = "-P POSTROUTING ACCEPT\n";
  private boolean listingFails;

  private final NatTableAccess table =
      new NatTableAccess() {
        @Override
        public CommandResult save() {
          throw new AssertionError("the probe never reads the whole table");
        }

        @Override
        public CommandResult restore(String payload) {
          throw new AssertionError("the probe never writes");
        }

        @Override
        public ChainListing list(String chain) {
          listed.add(chain);
          List<String> argv = List.of("iptables-legacy", "-S", chain);
          return ChainListing.of(
              chain,
              listingFails
                  ? new CommandResult(
                      argv, 4, "", "Another app is currently holding the lock", false)
                  : new CommandResult(argv, 0, postrouting, "", false));
        }

        @Override
        public boolean listsOneChainCheaply() {
          return false;
        }

        @Override
        public String ipset(String name) {
          return "";
        }
      };

  private final TableStamps stamps =
      new TableStamps() {
        @Override
        public Optional<TableStamp> read() {
          return stamp;
        }

        @Override
        public String describe() {
          return "a test's stamps";
        }
      };

  private NatReconciler reconciler() {
    return new NatReconciler(table, new NodeLock(dir.resolve("lock")), Clock.systemUTC(), stamps);
  }

  @Test
  void anUnmovedStampAnswersWithTheLastListingAndListsNothing() {
    NatReconciler reconciler = reconciler();
    NatReconciler.Probe first = reconciler.probe();
    NatReconciler.Probe second = reconciler.probe();
    assertThat(first.listed()).isTrue();
    assertThat(second.listed()).isFalse();
    assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
    assertThat(listed).containsExactly("POSTROUTING");
  }

  @Test
  void aMovedStampListsAgainAndSeesTheChange() {
    NatReconciler reconciler = reconciler();
    String before = reconciler.probe().fingerprint();
    postrouting = "-P POSTROUTING ACCEPT\n-A POSTROUTING -j ACCEPT\n";
    stamp = Optional.of(TableStamp.of(11, 1800));
    NatReconciler.Probe after = reconciler.probe();
    assertThat(after.listed()).isTrue();
    assertThat(after.fingerprint()).isNotEqualTo(before);
    assertThat(listed).hasSize(2);
  }

  @Test
  void aStampThatCannotBeReadListsEveryTime() {
    stamp = Optional.empty();
    NatReconciler reconciler = reconciler();
    reconciler.probe();
    reconciler.probe();
    assertThat(listed).hasSize(2);
  }

  @Test
  void aFailedListingIsListedAgainEvenWithTheStampUnmoved() {
    listingFails = true;
    NatReconciler reconciler = reconciler();
    assertThat(reconciler.probe().fingerprint()).startsWith("error POSTROUTING");
    listingFails = false;
    NatReconciler.Probe retried = reconciler.probe();
    assertThat(retried.listed()).isTrue();
    assertThat(retried.fingerprint()).isEqualTo(postrouting);
  }
}
