package io.peerfix.slack;

import io.peerfix.diagnosis.Evidence;
import io.peerfix.diagnosis.EvidenceKind;
import io.peerfix.vpc.HopFinding;
import java.util.List;
import java.util.stream.Collectors;

/** Evidence and AWS hop findings as Slack mrkdwn lines. */
final class EvidenceLines {
  private EvidenceLines() {}

  /**
   * Evidence as Slack lines: a fact as its headline, a gap, disagreement or note labelled in
   * italics so a reader sees at once what the answer rests on and what it lacks.
   */
  static List<String> of(List<Evidence> evidence) {
    return evidence.stream()
        .map(
            e ->
                e.kind() == EvidenceKind.FACT
                    ? e.headline()
                    : "_" + e.kind().text() + ":_ " + e.headline())
        .toList();
  }

  /**
   * The hop that drops the path, with its resource ids and deciding entry as code, e.g. {@code
   * database security groups, inbound `sg-rds`}.
   */
  static String blockedAt(HopFinding h) {
    return h.hop().text()
        + h.resourceIds().stream().map(id -> " `" + id + "`").collect(Collectors.joining())
        + h.entry().map(e -> ", by `" + e.text() + "`").orElse("");
  }
}
