package io.peerfix.agent.reconcile;

import io.peerfix.exec.CommandResult;
import java.util.Optional;

/**
 * One chain as {@code iptables -t nat -S CHAIN} printed it: its lines ({@code -N}/{@code -P} and
 * {@code -A}), or absent when the chain does not exist, or the error of a listing that failed for
 * another reason (a missing chain is an answer, a lock timeout is not).
 */
public record ChainListing(String chain, Optional<String> lines, Optional<String> error) {
  // legacy: "No chain/target/match by that name."; nf_tables 1.8.9 says a missing chain is
  // "incompatible" (it cannot tell it from one written by nft).
  private static final String LEGACY_MISSING = "No chain/target/match by that name";
  private static final String NFT_MISSING = "' in table `nat' is incompatible";

  /** The listing {@code result} of {@code chain}. */
  public static ChainListing of(String chain, CommandResult result) {
    if (result.ok()) {
      return new ChainListing(chain, Optional.of(result.stdout()), Optional.empty());
    }
    String why = result.stderr();
    if (!result.timedOut()
        && result.exitCode() == 1
        && (why.contains(LEGACY_MISSING) || why.contains("chain `" + chain + NFT_MISSING))) {
      return new ChainListing(chain, Optional.empty(), Optional.empty());
    }
    return new ChainListing(chain, Optional.empty(), Optional.of(result.describeFailure()));
  }

  public boolean present() {
    return lines.isPresent();
  }

  /** A line that says what was seen, for comparing two checks: the rules, absent, or the error. */
  String fingerprint() {
    return error
        .map(e -> "error " + chain + ": " + e + "\n")
        .orElseGet(() -> lines.orElse("absent " + chain + "\n"));
  }
}
