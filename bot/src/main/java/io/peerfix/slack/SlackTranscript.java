package io.peerfix.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.DividerBlock;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.NodeStatus;
import io.peerfix.orchestration.DiagnosisRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bot's Slack messages as terminal text, built from the very blocks {@code peerfix serve} posts
 * (the diagnosis message, its thread, the fix's status), so a terminal shows the same content:
 * headers underlined, Slack's markdown marks ({@code *bold*}, {@code _italic_}) removed, code
 * blocks indented, mentions as {@code @ID}, emoji codes as short words and buttons as {@code [
 * Approve ]} with their confirm dialog's text.
 */
public final class SlackTranscript {
  private static final Pattern MENTION = Pattern.compile("<@([A-Za-z0-9_.-]+)>");
  private static final Pattern EMOJI = Pattern.compile(":([a-z0-9_+-]+):");
  private static final Pattern BOLD = Pattern.compile("(?<![\\w*])\\*([^*\\n]+)\\*(?![\\w*])");
  private static final Pattern ITALIC = Pattern.compile("(?<![\\w])_([^_\\n]+)_(?![\\w])");
  private static final Map<String, String> EMOJI_WORDS =
      Map.of(
          "red_circle", "(X)",
          "large_green_circle", "(OK)",
          "grey_question", "(?)",
          "white_check_mark", "(v)",
          "mag", "(...)");

  private SlackTranscript() {}

  /** The channel message with the result and, when stored, the proposal's buttons. */
  public static List<String> diagnosisMessage(
      DiagnosisRun run, String requestedBy, Optional<FixRecord> proposal) {
    return lines(DiagnosisBlocks.result(run, requestedBy, proposal).blocks());
  }

  /** The thread's replies under the diagnosis message, one list of lines per reply. */
  public static List<List<String>> threadReplies(DiagnosisRun run) {
    return DiagnosisBlocks.details(run).stream().map(m -> lines(m.blocks())).toList();
  }

  /** The fix's status section, as the message shows it in place of the buttons. */
  public static List<String> fixStatus(FixRecord record, List<NodeStatus> nodes) {
    return lines(List.of(FixBlocks.status(record, nodes)));
  }

  /** Blocks as terminal lines. */
  static List<String> lines(List<LayoutBlock> blocks) {
    List<String> out = new ArrayList<>();
    for (LayoutBlock block : blocks) {
      if (block instanceof HeaderBlock h) {
        String title = inline(text(h.getText()));
        out.add(title);
        out.add("=".repeat(title.length()));
      } else if (block instanceof SectionBlock s) {
        out.addAll(markdown(text(s.getText())));
        if (s.getFields() != null) {
          s.getFields().forEach(f -> out.addAll(markdown(text(f))));
        }
      } else if (block instanceof ContextBlock c) {
        List<String> parts = new ArrayList<>();
        c.getElements().forEach(e -> parts.add(e instanceof TextObject t ? inline(text(t)) : ""));
        out.add("(" + String.join(" ", parts).strip() + ")");
      } else if (block instanceof ActionsBlock a) {
        out.addAll(buttons(a.getElements()));
      } else if (block instanceof DividerBlock) {
        out.add("----");
      }
    }
    return out;
  }

  private static List<String> buttons(List<BlockElement> elements) {
    List<String> row = new ArrayList<>();
    List<String> confirms = new ArrayList<>();
    for (BlockElement e : elements) {
      if (e instanceof ButtonElement b) {
        String label = text(b.getText());
        row.add("[ " + label + " ]");
        if (b.getConfirm() != null) {
          confirms.add(
              "  "
                  + label
                  + " asks first: \""
                  + inline(text(b.getConfirm().getTitle()))
                  + " "
                  + inline(text(b.getConfirm().getText()))
                  + "\"");
        }
      }
    }
    List<String> out = new ArrayList<>();
    out.add(String.join("  ", row));
    out.addAll(confirms);
    return out;
  }

  /** Section markdown: code blocks indented as they are, other lines with their marks removed. */
  private static List<String> markdown(String text) {
    List<String> out = new ArrayList<>();
    boolean code = false;
    for (String piece : text.split("```", -1)) {
      if (code) {
        piece.strip().lines().forEach(l -> out.add("    " + l));
      } else if (!piece.isBlank()) {
        piece.strip().lines().forEach(l -> out.add(inline(l)));
      }
      code = !code;
    }
    return out;
  }

  private static String inline(String line) {
    String s = MENTION.matcher(line).replaceAll("@$1");
    Matcher emoji = EMOJI.matcher(s);
    StringBuilder b = new StringBuilder();
    while (emoji.find()) {
      String word = EMOJI_WORDS.get(emoji.group(1));
      emoji.appendReplacement(b, Matcher.quoteReplacement(word == null ? emoji.group() : word));
    }
    emoji.appendTail(b);
    s = BOLD.matcher(b.toString()).replaceAll("$1");
    return ITALIC.matcher(s).replaceAll("$1");
  }

  private static String text(TextObject t) {
    if (t instanceof MarkdownTextObject m) {
      return m.getText();
    }
    if (t instanceof PlainTextObject p) {
      return p.getText();
    }
    return "";
  }
}
