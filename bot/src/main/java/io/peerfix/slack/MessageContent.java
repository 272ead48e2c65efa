package io.peerfix.slack;

import com.slack.api.model.block.LayoutBlock;
import java.util.List;
import java.util.Objects;

/**
 * What one Slack message shows: its blocks, and the plain text Slack uses for notifications and for
 * clients that cannot show blocks. Built by {@link SlackLimits} so it fits Slack's limits.
 */
public record MessageContent(String text, List<LayoutBlock> blocks) {
  public MessageContent {
    Objects.requireNonNull(text, "text");
    blocks = List.copyOf(blocks);
  }
}
