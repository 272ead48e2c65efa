package io.peerfix.agent.reconcile;

import io.peerfix.agent.IptablesBackend;
import io.peerfix.exec.CommandResult;
import io.peerfix.exec.CommandRunner;
import java.time.Duration;
import java.util.List;

/**
 * {@link NatTableAccess} through the iptables programs of the node's real back end (legacy or
 * nf_tables, as {@link io.peerfix.agent.IptablesBackendDetector} tells), run as argv lists with
 * timeouts. Writes wait for the xtables lock ({@code -w}) that every iptables user on the host
 * shares.
 */
public final class IptablesNatTable implements NatTableAccess {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

  private final CommandRunner runner;
  private final String iptables;
  private final String save;
  private final String restore;

  public IptablesNatTable(CommandRunner runner, IptablesBackend backend) {
    this.runner = runner;
    String prefix =
        switch (backend) {
          case LEGACY -> "iptables-legacy";
          case NFT -> "iptables-nft";
          case DEFAULT -> "iptables";
        };
    this.iptables = prefix;
    this.save = prefix + "-save";
    this.restore = prefix + "-restore";
  }

  @Override
  public CommandResult save() {
    return runner.run(List.of(save, "-t", "nat"), READ_TIMEOUT);
  }

  @Override
  public CommandResult restore(String payload) {
    return runner.run(List.of(restore, "--noflush", "-w"), payload, WRITE_TIMEOUT);
  }

  @Override
  public boolean chainExists(String chain) {
    return runner.run(List.of(iptables, "-w", "-t", "nat", "-S", chain), CHECK_TIMEOUT).ok();
  }

  @Override
  public String firstRule(String chain) {
    CommandResult result =
        runner.run(List.of(iptables, "-w", "-t", "nat", "-S", chain, "1"), CHECK_TIMEOUT);
    return result.ok() ? result.stdout().strip() : "";
  }

  @Override
  public String ipset(String name) {
    CommandResult result = runner.run(List.of("ipset", "save", name), CHECK_TIMEOUT);
    return result.ok() ? result.stdout() : "";
  }

  /** The programs this instance runs, for logs and dry-run output. */
  public List<String> programs() {
    return List.of(iptables, save, restore);
  }
}
