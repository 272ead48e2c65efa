package io.peerfix.agent;

import io.peerfix.agent.reconcile.ChainListing;
import io.peerfix.common.UserInputException;
import io.peerfix.exec.CommandResult;
import io.peerfix.exec.CommandRunner;
import io.peerfix.nat.ChainLister;
import io.peerfix.nat.NatSlice;
import io.peerfix.nat.NatSliceWalk;
import io.peerfix.nat.SavedChains;
import io.peerfix.net.Ipv4;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Reads the slice of this node's nat table that its facts publish ({@link NatSliceWalk}), through
 * the cheapest read each back end has:
 *
 * <ul>
 *   <li>nf_tables: chain by chain ({@code iptables-nft -w -t nat -S CHAIN}), only the chains the
 *       slice needs. A listing fetches only that chain (2 ms for POSTROUTING on a 140,000-line
 *       table), while iptables-nft-save of that table takes tens of seconds of CPU;
 *   <li>legacy: one {@code iptables-legacy-save -t nat} (about a quarter of a second of CPU on that
 *       table), walked in memory: on legacy every read, even of one chain, copies the whole table
 *       out of the kernel, so one read is the least.
 * </ul>
 *
 * <p>Within a bound: each listing has a timeout, the whole read at most {@link #BUDGET}, and the
 * walk lists at most {@link NatSliceWalk.Limits#standard()}'s chains and bytes. A read that fails
 * gives no slice and a warning naming why.
 */
final class NatSliceReader {
  /** The most one publication's read may take, whatever the table. */
  static final Duration BUDGET = Duration.ofSeconds(60);

  private static final Duration LISTING_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration SAVE_TIMEOUT = Duration.ofSeconds(30);

  private final CommandRunner runner;

  NatSliceReader(CommandRunner runner) {
    this.runner = runner;
  }

  /** The slice, or empty with a warning added to {@code warnings}. */
  Optional<NatSlice> read(
      IptablesBackendDetector.Detection backend,
      Collection<Ipv4> nodeAddresses,
      List<String> warnings) {
    IptablesBackend effective = FixAgentFactory.effective(backend);
    try {
      if (effective == IptablesBackend.NFT) {
        return Optional.of(
            NatSliceWalk.walk(
                new Listings("iptables-nft", System.nanoTime() + BUDGET.toNanos()),
                null,
                nodeAddresses,
                NatSliceWalk.Limits.standard(),
                Optional.empty()));
      }
      CommandResult save = runner.run(List.of(effective.saveProgram(), "-t", "nat"), SAVE_TIMEOUT);
      if (!save.ok()) {
        warnings.add(NodeFactsCollector.NAT_NOT_READ + save.describeFailure());
        return Optional.empty();
      }
      SavedChains saved = new SavedChains(save.stdout());
      return Optional.of(
          NatSliceWalk.walk(
              saved,
              null,
              nodeAddresses,
              NatSliceWalk.Limits.standard(),
              Optional.of(saved.whole())));
    } catch (Unreadable e) {
      warnings.add(NodeFactsCollector.NAT_NOT_READ + e.getMessage());
    } catch (UserInputException e) {
      warnings.add(
          NodeFactsCollector.NAT_NOT_READ + "the table could not be sliced: " + e.getMessage());
    }
    return Optional.empty();
  }

  /** One chain at a time through the back end's own iptables, until the deadline. */
  private final class Listings implements ChainLister {
    private final String iptables;
    private final long deadline;

    Listings(String iptables, long deadline) {
      this.iptables = iptables;
      this.deadline = deadline;
    }

    @Override
    public Optional<String> list(String chain) {
      if (System.nanoTime() > deadline) {
        throw new Unreadable("listing its chains took longer than " + BUDGET.toSeconds() + " s");
      }
      ChainListing listing =
          ChainListing.of(
              chain,
              runner.run(List.of(iptables, "-w", "-t", "nat", "-S", chain), LISTING_TIMEOUT));
      if (listing.error().isPresent()) {
        throw new Unreadable("chain " + chain + ": " + listing.error().get());
      }
      return listing.lines();
    }
  }

  private static final class Unreadable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }
  }
}
