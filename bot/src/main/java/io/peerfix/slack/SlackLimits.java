package io.peerfix.slack;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.TextObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Slack's message limits, and blocks built to respect them: at most 50 blocks, 3,000 characters of
 * text per section, 150 per header, and (by experience, before {@code msg_blocks_too_long}) about
 * 13,000 characters of block text per message, of which this keeps a margin.
 */
final class SlackLimits {
  static final int MAX_BLOCKS = 50;
  static final int MAX_SECTION_TEXT = 3000;
  static final int MAX_HEADER_TEXT = 150;
  static final int MAX_CONTEXT_TEXT = 2000;

  /** The budget for all block text of one message, under Slack's ~13,000. */
  static final int MAX_MESSAGE_TEXT = 12000;

  /** The notification text (Slack allows far more; nobody reads more in a notification). */
  static final int MAX_FALLBACK_TEXT = 300;

  private SlackLimits() {}

  static SectionBlock markdown(String text) {
    return section(s -> s.text(markdownText(fit(text, MAX_SECTION_TEXT))));
  }

  static HeaderBlock title(String text) {
    return header(h -> h.text(plainText(fit(text, MAX_HEADER_TEXT))));
  }

  static ContextBlock note(String text) {
    return context(c -> c.elements(List.of(markdownText(fit(text, MAX_CONTEXT_TEXT)))));
  }

  /**
   * {@code text} cut to {@code max} characters with an ellipsis, closing a code block it cuts open
   * so the rest of the message is not swallowed by it.
   */
  static String fit(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    String cut = text.substring(0, max - 5);
    boolean openFence = (cut.split("```", -1).length - 1) % 2 == 1;
    return openFence ? cut + "…\n```" : cut + "…";
  }

  /**
   * The message: {@code blocks} in order while they fit the block count and text budget; when some
   * do not, they are left out and a last note says where the rest is.
   */
  static MessageContent message(String fallback, List<LayoutBlock> blocks, String whereTheRestIs) {
    List<LayoutBlock> kept = new ArrayList<>();
    int used = 0;
    int reserve = whereTheRestIs.length() + 10;
    for (int i = 0; i < blocks.size(); i++) {
      LayoutBlock block = blocks.get(i);
      int size = textLength(block);
      boolean last = i == blocks.size() - 1;
      int blocksLeft = MAX_BLOCKS - kept.size() - (last ? 0 : 1);
      int textLeft = MAX_MESSAGE_TEXT - used - (last ? 0 : reserve);
      if (blocksLeft < 1 || size > textLeft) {
        kept.add(note(whereTheRestIs));
        break;
      }
      kept.add(block);
      used += size;
    }
    return new MessageContent(fit(fallback, MAX_FALLBACK_TEXT), kept);
  }

  /** The characters of text a block carries (what Slack's message size limit counts). */
  static int textLength(LayoutBlock block) {
    if (block instanceof SectionBlock s) {
      int n = length(s.getText());
      if (s.getFields() != null) {
        n += s.getFields().stream().mapToInt(SlackLimits::length).sum();
      }
      return n;
    }
    if (block instanceof HeaderBlock h) {
      return length(h.getText());
    }
    if (block instanceof ContextBlock c) {
      return c.getElements().stream()
          .mapToInt(e -> e instanceof TextObject t ? length(t) : 0)
          .sum();
    }
    return 0;
  }

  private static int length(TextObject text) {
    if (text == null) {
      return 0;
    }
    if (text instanceof com.slack.api.model.block.composition.MarkdownTextObject m) {
      return m.getText().length();
    }
    if (text instanceof com.slack.api.model.block.composition.PlainTextObject p) {
      return p.getText().length();
    }
    return 0;
  }
}
