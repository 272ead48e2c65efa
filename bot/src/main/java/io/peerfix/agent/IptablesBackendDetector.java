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

  /**
   * The save program to read the node's tables with, the backend's name as reported in node facts
   * ({@code legacy}, {@code nf_tables}, or {@code unknown} when no iptables answers), the evidence,
   * and whether the rules decided it (false: the system default was taken).
   */
  public record Detection(
      IptablesBackend backend, String label, String reason, boolean decidedByRules) {}

  public Detection detect() {
    String nftMangle =
        save("iptables-nft-save", "-t", "mangle") + save("ip6tables-nft-save", "-t", "mangle");
    if (KUBELET_CHAINS.matcher(nftMangle).find()) {
      return decided(IptablesBackend.NFT, "kubelet's chains are in the nf_tables mangle table");
    }
    String legacy = save("iptables-legacy-save") + save("ip6tables-legacy-save");
    if (KUBELET_CHAINS.matcher(legacy).find()) {
      return decided(IptablesBackend.LEGACY, "kubelet's chains are in the legacy tables");
    }
    String nft = save("iptables-nft-save") + save("ip6tables-nft-save");
    long legacyRules = RULE.matcher(legacy).results().count();
    long nftRules = RULE.matcher(nft).results().count();
    String counts = legacyRules + " legacy rules, " + nftRules + " nf_tables rules";
    if (legacyRules > nftRules) {
      return decided(IptablesBackend.LEGACY, counts);
    }
    if (nftRules > legacyRules) {
      return decided(IptablesBackend.NFT, counts);
    }
    String label = defaultLabel();
    return new Detection(
        IptablesBackend.DEFAULT,
        label,
        counts
            + ": the backend is not told by the rules; read through iptables-save ("
            + label
            + ")",
        false);
  }

  private static Detection decided(IptablesBackend backend, String reason) {
    return new Detection(
        backend, backend == IptablesBackend.NFT ? "nf_tables" : "legacy", reason, true);
  }

  /**
   * What the system's iptables-save is: 1.8+ names its mode ("iptables-save v1.8.9 (nf_tables)");
   * older releases had only the legacy backend.
   */
  private String defaultLabel() {
    CommandResult version = runner.run(List.of("iptables-save", "--version"), TIMEOUT);
    if (!version.ok()) {
      return "unknown";
    }
    String text = version.stdout() + version.stderr();
    return text.contains("nf_tables") ? "nf_tables" : "legacy";
  }

  /** The program's output, or nothing when it is missing or failed (a backend that isn't there). */
  private String save(String... argv) {
    CommandResult result = runner.run(List.of(argv), TIMEOUT);
    return result.ok() ? result.stdout() : "";
  }
}
