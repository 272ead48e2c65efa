package io.peerfix.orchestration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerfix.diagnosis.Diagnosis;
import io.peerfix.diagnosis.Fix;
import io.peerfix.diagnosis.NodeVerdict;

/**
 * The JSON form of a diagnosis: {@code rootCause}, {@code rootCauseText}, {@code confidence},
 * {@code evidence} (strings), {@code nodes} (per node: {@code podProbe}, {@code hostProbe}, {@code
 * sourceAfterNat} and more), {@code fixes} (each {@code kind}, {@code scope}, {@code description},
 * {@code apply}, {@code command}) and {@code millis}.
 */
public final class DiagnosisJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DiagnosisJson() {}

  public static String text(DiagnosisRun run) {
    try {
      return MAPPER.writeValueAsString(tree(run));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain nodes always serialises", e);
    }
  }

  static ObjectNode tree(DiagnosisRun run) {
    Diagnosis d = run.diagnosis();
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode target = root.putObject("target");
    target.put("name", d.target().name());
    target.put("host", d.target().host());
    target.put("port", d.target().port());
    target.put("protocol", d.target().protocol().name());
    root.put("rootCause", d.rootCause().name());
    root.put("rootCauseText", d.rootCause().text());
    root.put("confidence", d.confidence().name());
    root.put("confidenceText", d.confidence().text());
    ArrayNode evidence = root.putArray("evidence");
    d.evidence().forEach(evidence::add);
    ArrayNode nodes = root.putArray("nodes");
    d.nodes().forEach(n -> node(nodes.addObject(), n));
    ArrayNode fixes = root.putArray("fixes");
    for (int i = 0; i < d.fixes().size(); i++) {
      fix(fixes.addObject(), d.fixes().get(i), i + 1);
    }
    root.put("millis", run.total().toMillis());
    return root;
  }

  private static void node(ObjectNode o, NodeVerdict n) {
    o.put("node", n.node());
    o.put("podProbe", n.podProbe().name());
    o.put("podProbeNode", n.podProbeNode());
    o.put("podProbeStandsFor", n.podProbeStandsFor());
    o.put("hostProbe", n.hostProbe().name());
    o.put("podSource", n.podSource());
    o.put("sourceAfterNat", n.sourceAfterNat());
    o.put("natAction", n.natAction() == null ? null : n.natAction().name());
    o.put("natDecidingRule", n.natDecidingRule());
    o.put("podPath", n.podPath() == null ? null : n.podPath().name());
    o.put("hostPath", n.hostPath() == null ? null : n.hostPath().name());
  }

  private static void fix(ObjectNode o, Fix f, int rank) {
    o.put("rank", rank);
    o.put("kind", f.kind().name());
    o.put("scope", f.scope());
    o.put("description", f.description());
    o.put("apply", f.apply());
    ArrayNode command = o.putArray("command");
    f.command().forEach(command::add);
  }
}
