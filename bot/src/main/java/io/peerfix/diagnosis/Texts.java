package io.peerfix.diagnosis;

import io.peerfix.common.Counted;
import java.util.List;
import java.util.function.Function;

/** Evidence headlines that stay short when many nodes say the same (citations keep them all). */
final class Texts {
  private static final int NAMED = 5;

  private Texts() {}

  /**
   * The first node's sentence, then "(the same on K more nodes: a, b, ...)", so a thousand nodes
   * give one line; {@code what} names the group when it is empty ("what: none").
   */
  static Evidence grouped(
      List<NodeAnalysis> nodes, Function<NodeAnalysis, Evidence> sentence, String what) {
    if (nodes.isEmpty()) {
      return Evidence.fact(what + ": none");
    }
    Evidence first = sentence.apply(nodes.get(0));
    if (nodes.size() == 1) {
      return first;
    }
    List<String> others = nodes.stream().skip(1).map(NodeAnalysis::name).toList();
    String names = String.join(", ", others.stream().limit(NAMED).toList());
    String more = others.size() > NAMED ? ", ..." : "";
    // The sentence already says what happened: the parenthesis only says where else.
    return first
        .withHeadline(
            first.headline()
                + " (the same on "
                + Counted.of(others.size(), "more node", "more nodes")
                + ": "
                + names
                + more
                + ")")
        .withNodes(others);
  }

  /** The names of the nodes, every one of them, for evidence citations. */
  static List<String> allNames(List<NodeAnalysis> nodes) {
    return nodes.stream().map(NodeAnalysis::name).toList();
  }

  static String names(List<NodeAnalysis> nodes) {
    List<String> names = nodes.stream().map(NodeAnalysis::name).toList();
    String shown = String.join(", ", names.stream().limit(NAMED).toList());
    return names.size() > NAMED ? shown + ", ..." : shown;
  }
}
