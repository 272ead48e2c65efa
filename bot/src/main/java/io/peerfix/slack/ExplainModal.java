package io.peerfix.slack;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewClose;
import static com.slack.api.model.view.Views.viewSubmit;
import static com.slack.api.model.view.Views.viewTitle;

import com.slack.api.bolt.context.builtin.ViewSubmissionContext;
import com.slack.api.bolt.request.builtin.ViewSubmissionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import io.peerfix.common.UserInputException;
import io.peerfix.nat.NatAction;
import io.peerfix.nat.NatInput;
import io.peerfix.nat.NatTable;
import io.peerfix.nat.NatVerdict;
import io.peerfix.nat.NodeContext;
import io.peerfix.nat.Packet;
import io.peerfix.net.Ipv4;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /peerfix explain}: a modal where a user pastes a node's nat table, a source and a
 * destination, and gets {@code nat explain}'s answer with the deciding rule in the same modal.
 * Every field is checked before the engine sees it; a wrong one is answered next to the field.
 */
final class ExplainModal {
  static final String CALLBACK_ID = "peerfix-explain";
  static final String RULES = "rules";
  static final String SOURCE = "src";
  static final String DESTINATION = "dst";
  static final String NODE_IP = "node_ip";
  static final String VALUE = "value";

  /** Slack's own limit for a text input; a larger paste never reaches the engine. */
  static final int MAX_RULES_CHARS = 3000;

  private final SlackCalls calls;

  ExplainModal(SlackCalls calls) {
    this.calls = calls;
  }

  /** Opens the modal for the slash command's trigger. */
  void open(MethodsClient client, String triggerId) {
    calls.call("views.open", () -> client.viewsOpen(r -> r.triggerId(triggerId).view(form())));
  }

  static View form() {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(
        input(
            i ->
                i.blockId(RULES)
                    .label(plainText("nat table (iptables-save, iptables -t nat -S or -L -n -v)"))
                    .element(
                        plainTextInput(
                            p -> p.actionId(VALUE).multiline(true).maxLength(MAX_RULES_CHARS)))));
    blocks.add(
        input(
            i ->
                i.blockId(SOURCE)
                    .label(plainText("source address (the pod)"))
                    .element(
                        plainTextInput(
                            p -> p.actionId(VALUE).placeholder(plainText("10.244.1.5"))))));
    blocks.add(
        input(
            i ->
                i.blockId(DESTINATION)
                    .label(plainText("destination address[:port] (the database)"))
                    .element(
                        plainTextInput(
                            p -> p.actionId(VALUE).placeholder(plainText("10.0.5.20:5432"))))));
    blocks.add(
        input(
            i ->
                i.blockId(NODE_IP)
                    .optional(true)
                    .label(plainText("the node's address on eth0 (what MASQUERADE writes)"))
                    .element(
                        plainTextInput(
                            p -> p.actionId(VALUE).placeholder(plainText("172.20.1.10"))))));
    return view(
        v ->
            v.type("modal")
                .callbackId(CALLBACK_ID)
                .title(viewTitle(t -> t.type("plain_text").text("nat explain")))
                .submit(viewSubmit(s -> s.type("plain_text").text("Explain")))
                .close(viewClose(c -> c.type("plain_text").text("Close")))
                .blocks(blocks));
  }

  /** The submission: errors next to the fields, or the modal updated with the answer. */
  Response submit(ViewSubmissionRequest req, ViewSubmissionContext ctx) {
    Map<String, Map<String, ViewState.Value>> values =
        req.getPayload().getView().getState().getValues();
    Map<String, String> errors = new LinkedHashMap<>();
    String rules = field(values, RULES);
    String src = field(values, SOURCE);
    String dst = field(values, DESTINATION);
    String nodeIp = field(values, NODE_IP);
    if (rules.length() > MAX_RULES_CHARS) {
      errors.put(
          RULES,
          "that is "
              + rules.length()
              + " characters; paste at most "
              + MAX_RULES_CHARS
              + " (the POSTROUTING chain and the chains it jumps to), or use peerfix nat explain");
    } else if (rules.isBlank()) {
      errors.put(RULES, "paste the node's nat table");
    }
    check(errors, SOURCE, () -> Ipv4.parse(src));
    Destination destination = Destination.parse(dst, errors);
    if (!nodeIp.isEmpty()) {
      check(errors, NODE_IP, () -> Ipv4.parse(nodeIp));
    }
    if (!errors.isEmpty()) {
      return ctx.ackWithErrors(errors);
    }
    NatTable table;
    try {
      table = NatInput.parse(rules, MAX_RULES_CHARS * 4L, "peerfix nat explain in a terminal");
    } catch (UserInputException e) {
      return ctx.ackWithErrors(Map.of(RULES, SlackLimits.fit(e.getMessage(), 150)));
    }
    Packet packet = Packet.forwarded(src, destination.address(), destination.port());
    NatVerdict verdict =
        NatInput.evaluate(
            table, packet, nodeIp.isEmpty() ? NodeContext.unknown() : NodeContext.of(nodeIp));
    return ctx.ackWithUpdate(answer(src, dst, verdict));
  }

  static View answer(String src, String dst, NatVerdict verdict) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(
        SlackLimits.markdown(
            "*" + src + " → " + dst + "*: `" + verdict.action().name() + "`" + source(verdict)));
    if (verdict.decidingRule() != null) {
      blocks.add(
          SlackLimits.markdown(
              "*Deciding rule* (rule "
                  + verdict.decidingRule().index()
                  + " of "
                  + verdict.decidingRule().chain()
                  + ")\n```"
                  + verdict.decidingRule().text()
                  + "```"));
    }
    blocks.addAll(trace(verdict.explain()));
    return view(
        v ->
            v.type("modal")
                .callbackId(CALLBACK_ID + "-answer")
                .title(viewTitle(t -> t.type("plain_text").text("nat explain")))
                .close(viewClose(c -> c.type("plain_text").text("Done")))
                .blocks(blocks));
  }

  /** A modal holds at most 100 blocks; the trace gets what the answer's first blocks leave. */
  static final int TRACE_SECTIONS = 90;

  /**
   * The evaluation's trace over as many code sections as it needs (each under Slack's 3,000
   * characters, cut at line ends), up to {@link #TRACE_SECTIONS}; a longer trace ends with a note
   * saying where to read it whole.
   */
  static List<LayoutBlock> trace(String explain) {
    int room = SlackLimits.MAX_SECTION_TEXT - 8; // the code fences and a newline
    List<LayoutBlock> sections = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    for (String line : explain.split("\n", -1)) {
      String fitted = line.length() > room ? line.substring(0, room - 1) + "…" : line;
      if (part.length() + fitted.length() + 1 > room) {
        if (sections.size() == TRACE_SECTIONS - 1) {
          sections.add(
              SlackLimits.markdown(
                  "_The trace goes on; run `peerfix nat explain` on the same table in a terminal"
                      + " to read it whole._"));
          return sections;
        }
        sections.add(SlackLimits.markdown("```" + part + "```"));
        part.setLength(0);
      }
      if (part.length() > 0) {
        part.append('\n');
      }
      part.append(fitted);
    }
    sections.add(SlackLimits.markdown("```" + part + "```"));
    return sections;
  }

  private static String source(NatVerdict verdict) {
    if (verdict.action() == NatAction.MASQUERADE && verdict.sourceAfter() == null) {
      return " (to the node's address: give it to see the source after NAT)";
    }
    return verdict.sourceAfter() == null ? "" : ", source after NAT " + verdict.sourceAfter();
  }

  private static String field(Map<String, Map<String, ViewState.Value>> values, String block) {
    return Optional.ofNullable(values.get(block))
        .map(b -> b.get(VALUE))
        .map(ViewState.Value::getValue)
        .map(String::strip)
        .orElse("");
  }

  private static void check(Map<String, String> errors, String block, Runnable validation) {
    try {
      validation.run();
    } catch (IllegalArgumentException | UserInputException e) {
      errors.put(block, SlackLimits.fit(e.getMessage(), 150));
    }
  }

  /** {@code IP} or {@code IP:PORT}. */
  private record Destination(String address, int port) {
    static Destination parse(String text, Map<String, String> errors) {
      int colon = text.lastIndexOf(':');
      String address = colon < 0 ? text : text.substring(0, colon);
      int port = 0;
      if (colon >= 0) {
        try {
          port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
          port = -1;
        }
        if (port < 1 || port > 65535) {
          errors.put(DESTINATION, "the port must be a number in 1-65535, e.g. 10.0.5.20:5432");
          return new Destination(address, 0);
        }
      }
      check(errors, DESTINATION, () -> Ipv4.parse(address));
      return new Destination(address, port);
    }
  }
}
