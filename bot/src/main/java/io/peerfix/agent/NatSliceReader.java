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
 * <p>It also tells whether Docker's {@code DOCKER} chain exists, which the slice leaves out when it
 * sits behind rules the slice drops (a Docker-only node would otherwise say its plugin is unknown):
 * on nf_tables one listing of that chain by name (absent: no Docker), on legacy from the one save.
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

  static final String DOCKER = "DOCKER";

  private final CommandRunner runner;

  /** A read: the slice (empty when it could not be read), and whether a DOCKER chain exists. */
  record Read(Optional<NatSlice> slice, boolean docker) {
    static final Read NONE = new Read(Optional.empty(), false);
  }

  NatSliceReader(CommandRunner runner) {
    this.runner = runner;
  }

  /** The slice, or no slice with a warning added to {@code warnings}. */
  Read read(
      IptablesBackendDetector.Detection backend,
      Collection<Ipv4> nodeAddresses,
      List<String> warnings) {
    IptablesBackend effective = FixAgentFactory.effective(backend);
    try {
      if (effective == IptablesBackend.NFT) {
        Listings listings = new Listings("iptables-nft", System.nanoTime() + BUDGET.toNanos());
        NatSlice slice =
            NatSliceWalk.walk(
                listings, null, nodeAddresses, NatSliceWalk.Limits.standard(), Optional.empty());
        return new Read(Optional.of(slice), docker(listings, warnings));
      }
      CommandResult save = runner.run(List.of(effective.saveProgram(), "-t", "nat"), SAVE_TIMEOUT);
      if (!save.ok()) {
        warnings.add(NodeFactsCollector.NAT_NOT_READ + save.describeFailure());
        return Read.NONE;
      }
      SavedChains saved = new SavedChains(save.stdout());
      NatSlice slice =
          NatSliceWalk.walk(
              saved,
              null,
              nodeAddresses,
              NatSliceWalk.Limits.standard(),
              Optional.of(saved.whole()));
      return new Read(Optional.of(slice), saved.list(DOCKER).isPresent());
    } catch (Unreadable e) {
      warnings.add(NodeFactsCollector.NAT_NOT_READ + e.getMessage());
    } catch (UserInputException e) {
      warnings.add(
          NodeFactsCollector.NAT_NOT_READ + "the table could not be sliced: " + e.getMessage());
    }
    return Read.NONE;
  }

  /** Whether the DOCKER chain exists; a listing that fails says so and counts as no Docker. */
  private static boolean docker(Listings listings, List<String> warnings) {
    try {
      return listings.list(DOCKER).isPresent();
    } catch (Unreadable e) {
      warnings.add("the DOCKER chain not read: " + e.getMessage());
      return false;
    }
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
