package io.peerfix.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.peerfix.nat.NatTable;
import io.peerfix.nat.NatVerdict;
import io.peerfix.nat.RuleRef;
import io.peerfix.nat.TraceStep;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON contract of {@code nat explain --json}: {@code action}, {@code sourceAfter}, {@code
 * destinationAfter}, {@code destinationPortAfter} (0 when not known), {@code decidingRule} ({@code
 * chain}, {@code index}, {@code text}), {@code trace} (each {@code chain}, {@code index}, {@code
 * text}, {@code matched}, {@code reason}), {@code notes}, {@code indeterminateReason} and the dump
 * {@code format}. Other tools build on these names: keep them stable.
 */
final class NatExplainJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private NatExplainJson() {}

  static String render(NatTable table, NatVerdict verdict) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("action", verdict.action().name());
    root.put("sourceAfter", verdict.sourceAfter());
    root.put("destinationAfter", verdict.destinationAfter());
    root.put("destinationPortAfter", verdict.destinationPortAfter());
    root.put("decidingRule", rule(verdict.decidingRule()));
    root.put("indeterminateReason", verdict.indeterminateReason());
    root.put("notes", verdict.notes());
    root.put("format", table.format().name());
    List<Map<String, Object>> trace = new ArrayList<>();
    for (TraceStep step : verdict.trace()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("chain", step.chain());
      item.put("index", step.index());
      item.put("text", step.text());
      item.put("matched", step.matched());
      item.put("reason", step.reason());
      trace.add(item);
    }
    root.put("trace", trace);
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> rule(RuleRef ref) {
    if (ref == null) {
      return null;
    }
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("chain", ref.chain());
    rule.put("index", ref.index());
    rule.put("text", ref.text());
    return rule;
  }
}
