package io.peerfix.slack;

import com.slack.api.methods.MethodsClient;
import java.util.List;

/**
 * The diagnosis' details in the result message's thread: its replies, each within Slack's limits.
 */
final class Details {
  private final SlackCalls calls;

  Details(SlackCalls calls) {
    this.calls = calls;
  }

  void reply(
      MethodsClient client,
      String channel,
      String threadTs,
      String target,
      List<MessageContent> replies) {
    for (MessageContent content : replies) {
      calls.call(
          "chat.postMessage",
          () ->
              client.chatPostMessage(
                  r ->
                      r.channel(channel)
                          .threadTs(threadTs)
                          .text(content.text())
                          .blocks(content.blocks())));
    }
  }
}
