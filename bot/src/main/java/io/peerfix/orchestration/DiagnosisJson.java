package io.peerfix.orchestration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerfix.diagnosis.AwsChange;
import io.peerfix.diagnosis.CniFix;
import io.peerfix.diagnosis.Diagnosis;
import io.peerfix.diagnosis.Evidence;
import io.peerfix.diagnosis.Fix;
import io.peerfix.diagnosis.NodeNatFix;
import io.peerfix.diagnosis.NodeVerdict;
import io.peerfix.diagnosis.ProbeCite;
import io.peerfix.fix.FixNodeGroup;
import io.peerfix.fix.NatRule;
import io.peerfix.fix.NodeFix;
import io.peerfix.net.Ipv4;

/**
 * The JSON form of a diagnosis: {@code rootCause}, {@code rootCauseText}, {@code confidence},
 * {@code id}, {@code evidence} (each {@code kind}, {@code headline} and what it cites: {@code
 * nodes}, {@code probes}, {@code rule}, {@code hop} (see {@link HopJson}), {@code awsIds}, {@code
 * addresses}), {@code nodes} (per node: {@code podProbe}, {@code hostProbe}, {@code sourceAfterNat}
 * and more), {@code fixes} (each {@code kind}, {@code scope}, {@code description}, {@code apply},
 * {@code command} and its typed part: {@code nodeFix}, {@code cni} or {@code awsAction} and {@code
 * resourceId}), {@code nodeFix} (the best node fix: {@code rules}, {@code groups}, {@code nodes},
 * {@code digest}, or null) and {@code millis}.
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
    root.put("id", d.id());
    ArrayNode evidence = root.putArray("evidence");
    d.evidence().forEach(e -> evidence(evidence.addObject(), e));
    ArrayNode nodes = root.putArray("nodes");
    d.nodes().forEach(n -> node(nodes.addObject(), n));
    ArrayNode fixes = root.putArray("fixes");
    for (int i = 0; i < d.fixes().size(); i++) {
      fix(fixes.addObject(), d.fixes().get(i), i + 1);
    }
    if (d.nodeFix().isPresent()) {
      nodeFix(root.putObject("nodeFix"), d.nodeFix().get());
    } else {
      root.putNull("nodeFix");
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
    o.put("podSource", n.podSource().map(Ipv4::toString).orElse(null));
    o.put("sourceAfterNat", n.sourceAfterNat().map(Ipv4::toString).orElse(null));
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
    if (f instanceof NodeNatFix node) {
      nodeFix(o.putObject("nodeFix"), node.nodeFix());
    } else if (f instanceof CniFix cni) {
      o.put("cni", cni.cni().name());
    } else if (f instanceof AwsChange aws) {
      o.put("awsAction", aws.change().action().name());
      o.put("resourceId", aws.change().resourceId());
    }
  }

  private static void evidence(ObjectNode o, Evidence e) {
    o.put("kind", e.kind().name());
    o.put("headline", e.headline());
    ArrayNode nodes = o.putArray("nodes");
    e.nodes().forEach(nodes::add);
    ArrayNode probes = o.putArray("probes");
    for (ProbeCite p : e.probes()) {
      ObjectNode probe = probes.addObject();
      probe.put("node", p.node());
      probe.put("side", p.side().name());
      probe.put("outcome", p.outcome().name());
      probe.put("address", p.address().map(Ipv4::toString).orElse(null));
      if (p.port() > 0) {
        probe.put("port", p.port());
      }
      probe.put("source", p.source().map(Ipv4::toString).orElse(null));
    }
    if (e.rule().isPresent()) {
      ObjectNode rule = o.putObject("rule");
      rule.put("chain", e.rule().get().chain());
      rule.put("index", e.rule().get().index());
      rule.put("text", e.rule().get().text());
    }
    if (e.hop().isPresent()) {
      HopJson.write(o.putObject("hop"), e.hop().get());
    } else {
      o.putNull("hop");
    }
    ArrayNode ids = o.putArray("awsIds");
    e.awsIds().forEach(ids::add);
    ArrayNode addresses = o.putArray("addresses");
    e.addresses().forEach(a -> addresses.add(a.toString()));
  }

  private static void nodeFix(ObjectNode o, NodeFix fix) {
    o.put("target", fix.target());
    o.put("diagnosisId", fix.diagnosisId());
    ArrayNode rules = o.putArray("rules");
    for (NatRule rule : fix.rules()) {
      ObjectNode r = rules.addObject();
      r.put("action", rule.action().name());
      r.put("destination", rule.destination().toString());
      r.put("outInterface", rule.outInterface());
      r.put("toSource", rule.toSource().map(Ipv4::toString).orElse(null));
      ArrayNode args = r.putArray("iptablesArgs");
      rule.iptablesArgs().forEach(args::add);
    }
    ArrayNode groups = o.putArray("groups");
    for (FixNodeGroup group : fix.groups()) {
      ObjectNode g = groups.addObject();
      g.put("fingerprint", group.fingerprint());
      ArrayNode nodes = g.putArray("nodes");
      group.nodes().forEach(nodes::add);
    }
    ArrayNode nodes = o.putArray("nodes");
    fix.nodes().forEach(nodes::add);
    // Not "digest": what a user approves is the proposed fix's digest (fix plan), not this one.
    o.put("nodeFixDigest", fix.digest());
  }
}
