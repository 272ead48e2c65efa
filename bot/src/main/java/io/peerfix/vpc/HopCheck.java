package io.peerfix.vpc;

import io.peerfix.net.Ipv4;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The result of one hop: the {@link HopFinding} (outcome, verdict, the AWS resources and the entry
 * that decided, the packet's addresses), one sentence saying it for people ({@link #evidence()}, a
 * report's words, never parsed), and the fixes when it blocks.
 */
public record HopCheck(HopFinding finding, String evidence, List<AwsFix> fixes) {
  public HopCheck {
    Objects.requireNonNull(finding, "finding");
    Objects.requireNonNull(evidence, "evidence");
    fixes = List.copyOf(fixes);
  }

  /** A hop that lets the packet through. */
  public static HopCheck pass(Hop hop, String evidence) {
    return new HopCheck(HopFinding.of(hop, HopOutcome.PASS, null), evidence, List.of());
  }

  /** A hop that could not be evaluated. */
  public static HopCheck unknown(Hop hop, String evidence) {
    return new HopCheck(HopFinding.of(hop, HopOutcome.UNKNOWN, null), evidence, List.of());
  }

  /** A hop that drops or misdirects the packet. */
  public static HopCheck block(Hop hop, PathVerdict verdict, String evidence, List<AwsFix> fixes) {
    return new HopCheck(HopFinding.blocking(hop, verdict), evidence, fixes);
  }

  public Hop hop() {
    return finding.hop();
  }

  public HopOutcome outcome() {
    return finding.outcome();
  }

  public PathVerdict verdict() {
    return finding.verdict();
  }

  public boolean blocks() {
    return finding.blocks();
  }

  /** The same check, also citing these AWS resources. */
  public HopCheck citing(String... ids) {
    return new HopCheck(finding.citing(ids), evidence, fixes);
  }

  public HopCheck citing(Collection<String> ids) {
    return new HopCheck(finding.citing(ids), evidence, fixes);
  }

  /** The same check, decided by {@code entry} (null: by no entry). */
  public HopCheck decidedBy(HopEntry entry) {
    return new HopCheck(finding.decidedBy(entry), evidence, fixes);
  }

  /** The same check about a packet from {@code source} to {@code destination}. */
  public HopCheck between(Ipv4 source, Ipv4 destination) {
    return new HopCheck(finding.between(source, destination), evidence, fixes);
  }
}
