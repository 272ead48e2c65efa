package io.peerfix.vpc;

import java.util.List;
import java.util.Objects;

/**
 * The result of one hop: outcome, the verdict it stands for when it blocks, the evidence naming the
 * AWS ids that decided, and the fixes when it blocks.
 */
public record HopCheck(
    Hop hop, HopOutcome outcome, PathVerdict verdict, String evidence, List<AwsFix> fixes) {
  public HopCheck {
    Objects.requireNonNull(hop, "hop");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(evidence, "evidence");
    fixes = List.copyOf(fixes);
    verdict =
        switch (outcome) {
          case PASS -> PathVerdict.REACHABLE;
          case UNKNOWN -> PathVerdict.UNKNOWN;
          case BLOCK -> Objects.requireNonNull(verdict, "verdict of a blocking hop");
        };
  }

  /** A hop that lets the packet through. */
  public static HopCheck pass(Hop hop, String evidence) {
    return new HopCheck(hop, HopOutcome.PASS, PathVerdict.REACHABLE, evidence, List.of());
  }

  /** A hop that could not be evaluated. */
  public static HopCheck unknown(Hop hop, String evidence) {
    return new HopCheck(hop, HopOutcome.UNKNOWN, PathVerdict.UNKNOWN, evidence, List.of());
  }

  /** A hop that drops or misdirects the packet. */
  public static HopCheck block(Hop hop, PathVerdict verdict, String evidence, List<AwsFix> fixes) {
    return new HopCheck(hop, HopOutcome.BLOCK, verdict, evidence, fixes);
  }

  public boolean blocks() {
    return outcome == HopOutcome.BLOCK;
  }
}
