package io.peerfix.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.composition.BlockCompositions.confirmationDialog;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeStatus;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The node fix in the diagnosis message: its rules and nodes with the Approve button (whose confirm
 * dialog names the rule and the node count) and Dismiss, and later, in place of the buttons, who
 * approved and when, each node's progress (canaries first) and whether it verified.
 */
final class FixBlocks {
  static final String ACTIONS_BLOCK = "peerfix-fix-actions";
  static final String STATUS_BLOCK = "peerfix-fix-status";
  static final String APPROVE = "peerfix-approve";
  static final String DISMISS = "peerfix-dismiss";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private FixBlocks() {}

  static String rules(FixRecord record) {
    return record.fix().rules().stream()
        .map(r -> String.join(" ", r.iptablesArgs()))
        .collect(Collectors.joining("\n"));
  }

  /** The proposal and its two buttons. */
  static List<LayoutBlock> proposal(FixRecord record) {
    int nodes = record.fix().nodes().size();
    String button = new FixButton(record.name(), record.digest()).value();
    String confirm =
        "Apply `"
            + rules(record).replace("\n", "`, `")
            + "` in nat POSTROUTING on "
            + nodes
            + (nodes == 1 ? " node" : " nodes")
            + " (canary first)?";
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(
        SlackLimits.markdown(
            "*Node fix* `"
                + record.name()
                + "` for "
                + nodes
                + (nodes == 1 ? " node" : " nodes")
                + " (digest `"
                + record.shortDigest()
                + "`, expires "
                + TIME.format(record.expiresAt())
                + ")\n```"
                + rules(record)
                + "```"));
    blocks.add(
        actions(
            a ->
                a.blockId(ACTIONS_BLOCK)
                    .elements(
                        List.of(
                            button(
                                b ->
                                    b.actionId(APPROVE)
                                        .text(plainText("Approve"))
                                        .style("primary")
                                        .value(button)
                                        .confirm(
                                            confirmationDialog(
                                                c ->
                                                    c.title(plainText("Approve the node fix?"))
                                                        .text(
                                                            markdownText(
                                                                SlackLimits.fit(confirm, 300)))
                                                        .confirm(plainText("Approve"))
                                                        .deny(plainText("Cancel"))))),
                            button(
                                b ->
                                    b.actionId(DISMISS)
                                        .text(plainText("Dismiss"))
                                        .value(button))))));
    return blocks;
  }

  /** Where the fix stands: who approved and when, the nodes' progress, the verification. */
  static SectionBlock status(FixRecord record, List<NodeStatus> nodes) {
    StringBuilder out = new StringBuilder();
    record
        .approval()
        .ifPresent(
            a ->
                out.append(":white_check_mark: Approved by <@")
                    .append(a.by())
                    .append("> at ")
                    .append(TIME.format(a.at()))
                    .append('\n'));
    out.append("*State:* ").append(stateWords(record.state())).append('\n');
    Map<NodeFixState, List<String>> byState = new EnumMap<>(NodeFixState.class);
    for (NodeStatus n : nodes) {
      byState.computeIfAbsent(n.state(), k -> new ArrayList<>()).add(n.node());
    }
    int reported = nodes.size();
    int total = record.fix().nodes().size();
    if (record.state() != FixState.PROPOSED) {
      out.append("*Nodes* (canaries ")
          .append(String.join(", ", record.canaries()))
          .append(" first): ")
          .append(reported)
          .append(" of ")
          .append(total)
          .append(" reported");
      byState.forEach(
          (state, names) ->
              out.append("\n• ")
                  .append(state.name())
                  .append(": ")
                  .append(names.size())
                  .append(" (")
                  .append(String.join(", ", names.stream().limit(5).toList()))
                  .append(names.size() > 5 ? ", …" : "")
                  .append(')'));
      nodes.stream()
          .filter(n -> n.state() == NodeFixState.OVERRIDDEN || n.state() == NodeFixState.FAILED)
          .limit(3)
          .forEach(n -> out.append("\n  ").append(n.node()).append(": ").append(n.detail()));
    }
    if (!record.verification().isBlank()) {
      out.append("\n*Verification:* ").append(record.verification());
    }
    SectionBlock section = SlackLimits.markdown(out.toString().strip());
    section.setBlockId(STATUS_BLOCK);
    return section;
  }

  static String stateWords(FixState state) {
    return switch (state) {
      case PROPOSED -> "proposed, waiting for an approver";
      case APPROVED -> "approved, the agents are applying it";
      case APPLIED -> "applied on every node, verifying";
      case VERIFIED -> "verified: pods reach the target";
      case NOT_VERIFIED ->
          "applied but NOT verified: pods still fail; revert it with /peerfix revert";
      case REVERTED -> "reverted";
      case EXPIRED -> "expired before anyone approved it; run the diagnosis again";
    };
  }
}
