package io.peerfix.agent;

import io.peerfix.exec.CommandResult;
import io.peerfix.exec.CommandRunner;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds the iptables backend a node really uses, the way kube-proxy's iptables-wrappers does.
 *
 * <ol>
 *   <li>kubelet (1.17+) creates a {@code KUBE-IPTABLES-HINT} or {@code KUBE-KUBELET-CANARY} chain
 *       in the mangle table; found through iptables-nft, the node is nft;
 *   <li>found in the full iptables-legacy dump (never {@code -t mangle}: that would make the legacy
 *       kernel module create the table), the node is legacy;
 *   <li>otherwise the backend holding more rules ({@code -A} lines, IPv4 and IPv6) wins; a tie,
 *       including "no rules anywhere" or neither variant installed, leaves the system's default
 *       {@code iptables-save}.
 * </ol>
 */
public final class IptablesBackendDetector {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Pattern KUBELET_CHAINS =
      Pattern.compile("(?m)^:(KUBE-IPTABLES-HINT|KUBE-KUBELET-CANARY)\\b");
  private static final Pattern RULE = Pattern.compile("(?m)^-");

  private final CommandRunner runner;

  public IptablesBackendDetector(CommandRunner runner) {
    this.runner = runner;
  }

  /** The backend and the evidence that chose it. */
  public record Detection(IptablesBackend backend, String reason) {}

  public Detection detect() {
    String nftMangle =
        save("iptables-nft-save", "-t", "mangle") + save("ip6tables-nft-save", "-t", "mangle");
    if (KUBELET_CHAINS.matcher(nftMangle).find()) {
      return new Detection(
          IptablesBackend.NFT, "kubelet's chains are in the nf_tables mangle table");
    }
    String legacy = save("iptables-legacy-save") + save("ip6tables-legacy-save");
    if (KUBELET_CHAINS.matcher(legacy).find()) {
      return new Detection(IptablesBackend.LEGACY, "kubelet's chains are in the legacy tables");
    }
    String nft = save("iptables-nft-save") + save("ip6tables-nft-save");
    long legacyRules = RULE.matcher(legacy).results().count();
    long nftRules = RULE.matcher(nft).results().count();
    String counts = legacyRules + " legacy rules, " + nftRules + " nf_tables rules";
    if (legacyRules > nftRules) {
      return new Detection(IptablesBackend.LEGACY, counts);
    }
    if (nftRules > legacyRules) {
      return new Detection(IptablesBackend.NFT, counts);
    }
    return new Detection(IptablesBackend.DEFAULT, counts + ": using the system's iptables-save");
  }

  /** The program's output, or nothing when it is missing or failed (a backend that isn't there). */
  private String save(String... argv) {
    CommandResult result = runner.run(List.of(argv), TIMEOUT);
    return result.ok() ? result.stdout() : "";
  }
}
