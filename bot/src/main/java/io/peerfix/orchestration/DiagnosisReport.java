package io.peerfix.orchestration;

import io.peerfix.diagnosis.Diagnosis;
import io.peerfix.diagnosis.Evidence;
import io.peerfix.diagnosis.EvidenceKind;
import io.peerfix.diagnosis.Fix;
import io.peerfix.diagnosis.NodeVerdict;
import io.peerfix.nat.NatAction;
import io.peerfix.net.Ipv4;
import io.peerfix.vpc.HopFinding;
import java.util.ArrayList;
import java.util.List;

/**
 * The readable report of a diagnosis for a terminal: root cause with its text, confidence, where
 * the AWS network drops the path (when it does), the evidence chain, a per-node table and the
 * fixes, best first, each with its ready-to-apply snippet.
 */
public final class DiagnosisReport {
  private DiagnosisReport() {}

  public static String text(DiagnosisRun run) {
    Diagnosis d = run.diagnosis();
    StringBuilder out = new StringBuilder();
    out.append(d.target().name())
        .append(" (")
        .append(d.target().host())
        .append(':')
        .append(d.target().port())
        .append(")\n\n");
    out.append("root cause: ").append(d.rootCause()).append('\n');
    out.append("  ").append(d.rootCause().text()).append('\n');
    out.append("confidence: ")
        .append(d.confidence())
        .append(" (")
        .append(d.confidence().text())
        .append(")\n");
    d.blockingHop().ifPresent(h -> out.append("blocked at: ").append(blockedAt(h)).append('\n'));
    out.append("\nevidence:\n");
    for (int i = 0; i < d.evidence().size(); i++) {
      Evidence e = d.evidence().get(i);
      out.append("  ").append(i + 1).append(". ");
      if (e.kind() != EvidenceKind.FACT) {
        out.append(e.kind().text()).append(": ");
      }
      out.append(e.headline()).append('\n');
    }
    out.append("\nnodes:\n").append(table(d.nodes()));
    out.append("\nfixes (best first):\n");
    if (d.fixes().isEmpty()) {
      out.append("  none\n");
    }
    for (int i = 0; i < d.fixes().size(); i++) {
      Fix f = d.fixes().get(i);
      out.append("  ")
          .append(i + 1)
          .append(". [")
          .append(f.kind())
          .append("] ")
          .append(f.description())
          .append("\n     scope: ")
          .append(f.scope())
          .append("\n     apply:\n");
      f.apply().lines().forEach(l -> out.append("       ").append(l).append('\n'));
    }
    out.append("\ndiagnosed in ").append(run.total().toMillis()).append(" ms\n");
    return out.toString();
  }

  /**
   * The hop's name, the resources it read and the entry that decided, e.g. {@code database subnet
   * network ACL, outbound (acl-rds), by rule 100 (allow tcp 5432, 172.20.0.0/16) (egress)}.
   */
  static String blockedAt(HopFinding h) {
    return h.hop().text()
        + (h.resourceIds().isEmpty() ? "" : " (" + String.join(", ", h.resourceIds()) + ")")
        + h.entry().map(e -> ", by " + e.text()).orElse("");
  }

  private static String table(List<NodeVerdict> nodes) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "NODE", "POD PROBE", "HOST PROBE", "POD SOURCE", "AFTER NAT", "NAT", "AWS POD/NODE"
        });
    for (NodeVerdict n : nodes) {
      String pod =
          n.podProbe().name()
              + (n.podProbeNode().equals(n.node()) ? "" : " (via " + n.podProbeNode() + ")");
      rows.add(
          new String[] {
            n.node(),
            pod,
            n.hostProbe().name(),
            n.podSource().map(Ipv4::toString).orElse("-"),
            afterNat(n),
            n.natAction() == null ? "-" : n.natAction().name(),
            (n.podPath() == null ? "-" : n.podPath().name())
                + " / "
                + (n.hostPath() == null ? "-" : n.hostPath().name())
          });
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      out.append("  ");
      for (int i = 0; i < row.length - 1; i++) {
        out.append(String.format("%-" + (widths[i] + 2) + "s", row[i]));
      }
      out.append(row[row.length - 1]).append('\n');
    }
    for (NodeVerdict n : nodes) {
      if (n.natDecidingRule() != null) {
        out.append("  ")
            .append(n.node())
            .append(" nat rule: ")
            .append(n.natDecidingRule())
            .append('\n');
      }
    }
    return out.toString();
  }

  /** The model's source after NAT; "unchanged" when the packet keeps a source nobody saw. */
  private static String afterNat(NodeVerdict n) {
    if (n.sourceAfterNat().isPresent()) {
      return n.sourceAfterNat().get().toString();
    }
    return n.natAction() == NatAction.NONE ? "unchanged" : "-";
  }
}
