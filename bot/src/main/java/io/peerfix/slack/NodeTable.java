package io.peerfix.slack;

import io.peerfix.diagnosis.NodeVerdict;
import java.util.ArrayList;
import java.util.List;

/** The per-node table as fixed-width lines for a code block: one header line, one per node. */
final class NodeTable {
  private NodeTable() {}

  static List<String> lines(List<NodeVerdict> nodes) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NODE", "POD", "NODE PROBE", "POD SOURCE", "AFTER NAT", "NAT"});
    for (NodeVerdict n : nodes) {
      rows.add(
          new String[] {
            n.node(),
            n.podProbe().name()
                + (n.podProbeNode() == null || n.podProbeNode().equals(n.node())
                    ? ""
                    : " (via " + n.podProbeNode() + ")"),
            n.hostProbe().name(),
            n.podSource().map(Object::toString).orElse("-"),
            n.sourceAfterNat().map(Object::toString).orElse("-"),
            n.natAction() == null ? "-" : n.natAction().name()
          });
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]);
        if (i < row.length - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      lines.add(line.toString());
    }
    return lines;
  }
}
