package io.peerfix.diagnosis;

import java.util.List;
import java.util.function.Function;

/** Evidence sentences that stay short when many nodes say the same. */
final class Texts {
  private static final int NAMED = 5;

  private Texts() {}

  /**
   * The first node's sentence, then "(the same on K more nodes: a, b, ...)", so a thousand nodes
   * give one line.
   */
  static String grouped(
      List<NodeAnalysis> nodes, Function<NodeAnalysis, String> sentence, String what) {
    if (nodes.isEmpty()) {
      return what + ": none";
    }
    String first = sentence.apply(nodes.get(0));
    if (nodes.size() == 1) {
      return first;
    }
    List<String> others = nodes.stream().skip(1).map(NodeAnalysis::name).toList();
    String names = String.join(", ", others.stream().limit(NAMED).toList());
    String more = others.size() > NAMED ? ", ..." : "";
    return first + " (" + what + ": the same on " + others.size() + " more: " + names + more + ")";
  }

  static String names(List<NodeAnalysis> nodes) {
    List<String> names = nodes.stream().map(NodeAnalysis::name).toList();
    String shown = String.join(", ", names.stream().limit(NAMED).toList());
    return names.size() > NAMED ? shown + ", ..." : shown;
  }
}
