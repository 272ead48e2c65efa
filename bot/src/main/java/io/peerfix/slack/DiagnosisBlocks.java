package io.peerfix.slack;

import static io.peerfix.slack.SlackLimits.markdown;
import static io.peerfix.slack.SlackLimits.note;
import static io.peerfix.slack.SlackLimits.title;

import com.slack.api.model.block.LayoutBlock;
import io.peerfix.diagnosis.Diagnosis;
import io.peerfix.diagnosis.Fix;
import io.peerfix.diagnosis.FixKind;
import io.peerfix.diagnosis.NodeVerdict;
import io.peerfix.fix.FixRecord;
import io.peerfix.orchestration.DiagnosisRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The diagnosis as Slack messages that read well on a phone: the channel message (root cause in
 * words with its stable name, the AWS hop that drops the path with its resource ids, the evidence,
 * the nodes summarised, the best fixes) and the thread's details (all the evidence, the full
 * per-node table, every fix), each within Slack's limits.
 */
final class DiagnosisBlocks {
  /** Evidence lines in the channel message; the rest are in the thread. */
  static final int EVIDENCE_IN_MESSAGE = 5;

  /** Node groups (nodes that saw the same) in the channel message. */
  static final int GROUPS_IN_MESSAGE = 4;

  /** Fixes in the channel message, best first. */
  static final int FIXES_IN_MESSAGE = 2;

  /** Nodes whose table goes in thread messages; beyond, the table is a file in the thread. */
  static final int TABLE_LINES_IN_THREAD = 100;

  /** Table lines per thread section, so each stays under 3,000 characters for usual names. */
  private static final int TABLE_LINES_PER_SECTION = 20;

  private DiagnosisBlocks() {}

  /** While it runs: what is being diagnosed, for whom, and how far it got. */
  static MessageContent progress(DiagnosisProgress p) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(markdown(":mag: *Diagnosing " + p.target() + "*: " + p.stage()));
    p.predicted()
        .ifPresent(
            cause ->
                blocks.add(
                    markdown(
                        "*Likely cause* (from the nat tables and the AWS view, probes still"
                            + " running): `"
                            + cause.name()
                            + "`\n"
                            + cause.text())));
    blocks.add(note("asked by <@" + p.requestedBy() + ">"));
    return SlackLimits.message(
        "Diagnosing " + p.target() + ": " + p.stage(), blocks, "more in the thread");
  }

  /** The channel message with the result. */
  static MessageContent result(DiagnosisRun run, String requestedBy) {
    return result(run, requestedBy, java.util.Optional.empty());
  }

  /**
   * The channel message with the result and, when the node fix is stored as a proposal, its Approve
   * and Dismiss buttons in place of the node fix's text (the CNI's lasting fix and the AWS changes
   * stay as snippets and commands, with no button).
   */
  static MessageContent result(
      DiagnosisRun run, String requestedBy, java.util.Optional<FixRecord> proposal) {
    Diagnosis d = run.diagnosis();
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(title(icon(d) + " " + d.target().name() + ": " + d.rootCause().name()));
    blocks.add(
        markdown(
            d.rootCause().text()
                + "\n*Confidence:* "
                + d.confidence().name().toLowerCase(Locale.ROOT)
                + " ("
                + d.confidence().text()
                + ")"
                + d.blockingHop()
                    .map(h -> "\n*Blocked at:* " + EvidenceLines.blockedAt(h))
                    .orElse("")));
    if (!d.evidence().isEmpty()) {
      blocks.add(
          markdown("*Evidence*\n" + bullets(EvidenceLines.of(d.evidence()), EVIDENCE_IN_MESSAGE)));
    }
    if (!d.nodes().isEmpty()) {
      blocks.add(markdown("*Nodes*\n" + nodeSummary(d.nodes())));
    }
    for (Fix fix : d.fixes().stream().limit(FIXES_IN_MESSAGE).toList()) {
      if (fix.kind() == FixKind.NODE_NAT && proposal.isPresent()) {
        blocks.addAll(FixBlocks.proposal(proposal.get()));
      } else {
        blocks.add(markdown(fixText(fix)));
      }
    }
    blocks.add(
        note(
            "asked by <@"
                + requestedBy
                + "> · "
                + d.target().host()
                + ":"
                + d.target().port()
                + " · diagnosed in "
                + seconds(run.total().toMillis())
                + " · details and the per-node table in the thread"));
    return SlackLimits.message(
        d.target().name() + ": " + d.rootCause().name() + ": " + d.rootCause().text(),
        blocks,
        "more in the thread");
  }

  /** The thread's replies: every evidence line, the full per-node table, every fix. */
  static List<MessageContent> details(DiagnosisRun run) {
    return chunks(
        run.diagnosis().target().name() + " details",
        detailBlocks(run, tableBlocks(NodeTable.lines(run.diagnosis().nodes()))));
  }

  /**
   * What the thread gets: the details as replies, with the per-node table inline while it is at
   * most {@value #TABLE_LINES_IN_THREAD} nodes, else as a text file (the replies then say so).
   */
  static ThreadContent thread(DiagnosisRun run) {
    Diagnosis d = run.diagnosis();
    List<String> table = NodeTable.lines(d.nodes());
    if (table.size() - 1 <= TABLE_LINES_IN_THREAD) {
      return new ThreadContent(details(run), Optional.empty(), List.of());
    }
    TextFile file =
        new TextFile(
            d.target().name() + "-nodes.txt",
            d.target().name() + ": the per-node table (" + d.nodes().size() + " nodes)",
            String.join("\n", table) + "\n");
    List<LayoutBlock> note =
        List.of(
            markdown(
                "*Per-node table*: "
                    + d.nodes().size()
                    + " nodes, too many for messages; it is in the file `"
                    + file.filename()
                    + "` in this thread."));
    return new ThreadContent(
        chunks(d.target().name() + " details", detailBlocks(run, note)),
        Optional.of(file),
        chunks(d.target().name() + " per-node table", tableBlocks(table)));
  }

  /** A text file for the thread: its name, title and content. */
  record TextFile(String filename, String title, String content) {}

  /**
   * The thread's replies, the file when the table is one, and the table as replies to post instead
   * when the file cannot be uploaded (the details are never lost).
   */
  record ThreadContent(
      List<MessageContent> replies, Optional<TextFile> file, List<MessageContent> tableReplies) {
    ThreadContent {
      replies = List.copyOf(replies);
      tableReplies = List.copyOf(tableReplies);
    }
  }

  private static List<LayoutBlock> detailBlocks(DiagnosisRun run, List<LayoutBlock> table) {
    Diagnosis d = run.diagnosis();
    List<LayoutBlock> blocks = new ArrayList<>();
    if (!d.evidence().isEmpty()) {
      blocks.add(
          markdown(
              "*All evidence*\n" + bullets(EvidenceLines.of(d.evidence()), Integer.MAX_VALUE)));
    }
    blocks.addAll(table);
    for (Fix fix : d.fixes()) {
      blocks.add(markdown(fixText(fix)));
    }
    return blocks;
  }

  private static List<LayoutBlock> tableBlocks(List<String> table) {
    List<LayoutBlock> blocks = new ArrayList<>();
    for (int from = 0; from < table.size(); from += TABLE_LINES_PER_SECTION) {
      List<String> part =
          table.subList(from, Math.min(table.size(), from + TABLE_LINES_PER_SECTION));
      blocks.add(markdown("```" + String.join("\n", part) + "```"));
    }
    return blocks;
  }

  /** Blocks spread over as many messages as the limits need. */
  static List<MessageContent> chunks(String fallback, List<LayoutBlock> blocks) {
    List<MessageContent> messages = new ArrayList<>();
    List<LayoutBlock> current = new ArrayList<>();
    int used = 0;
    for (LayoutBlock block : blocks) {
      int size = SlackLimits.textLength(block);
      if (!current.isEmpty()
          && (current.size() == SlackLimits.MAX_BLOCKS
              || used + size > SlackLimits.MAX_MESSAGE_TEXT)) {
        messages.add(new MessageContent(fallback, current));
        current = new ArrayList<>();
        used = 0;
      }
      current.add(block);
      used += size;
    }
    if (!current.isEmpty()) {
      messages.add(new MessageContent(fallback, current));
    }
    return messages;
  }

  static String fixText(Fix fix) {
    StringBuilder out =
        new StringBuilder("*Fix (")
            .append(fix.kind().text())
            .append(")*: ")
            .append(fix.description())
            .append("\n_Scope:_ ")
            .append(fix.scope());
    if (!fix.apply().isBlank()) {
      out.append("\n```").append(fix.apply().strip()).append("```");
    }
    return SlackLimits.fit(out.toString(), SlackLimits.MAX_SECTION_TEXT);
  }

  /** Nodes that saw the same thing, one line per group, the largest first. */
  static String nodeSummary(List<NodeVerdict> nodes) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (NodeVerdict n : nodes) {
      String seen =
          "pod "
              + n.podProbe().name()
              + ", node "
              + n.hostProbe().name()
              + (n.natAction() == null ? "" : ", NAT " + n.natAction().name())
              + (n.natDecidingRule() == null ? "" : " by `" + n.natDecidingRule() + "`");
      groups.computeIfAbsent(seen, k -> new ArrayList<>()).add(n.node());
    }
    List<Map.Entry<String, List<String>>> ordered = new ArrayList<>(groups.entrySet());
    ordered.sort((a, b) -> b.getValue().size() - a.getValue().size());
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, List<String>> g : ordered.stream().limit(GROUPS_IN_MESSAGE).toList()) {
      List<String> names = g.getValue();
      out.append("• ")
          .append(names.size())
          .append(names.size() == 1 ? " node (" : " nodes (")
          .append(String.join(", ", names.stream().limit(3).toList()))
          .append(names.size() > 3 ? ", …" : "")
          .append("): ")
          .append(g.getKey())
          .append('\n');
    }
    if (ordered.size() > GROUPS_IN_MESSAGE) {
      out.append("• and ").append(ordered.size() - GROUPS_IN_MESSAGE).append(" more kinds\n");
    }
    return out.toString().strip();
  }

  private static String bullets(List<String> lines, int limit) {
    StringBuilder out = new StringBuilder();
    lines.stream().limit(limit).forEach(l -> out.append("• ").append(l).append('\n'));
    if (lines.size() > limit) {
      out.append("• … ").append(lines.size() - limit).append(" more in the thread\n");
    }
    return out.toString().strip();
  }

  private static String icon(Diagnosis d) {
    return switch (d.rootCause()) {
      case HEALTHY -> ":large_green_circle:";
      case UNKNOWN -> ":grey_question:";
      default -> ":red_circle:";
    };
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
