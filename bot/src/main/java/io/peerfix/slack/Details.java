package io.peerfix.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackFilesUploadV2Exception;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The diagnosis' details in the result message's thread: its replies, each within Slack's limits,
 * and a table too long for messages as a text file uploaded into the thread ({@code
 * files.getUploadURLExternal}, the upload, {@code files.completeUploadExternal}); when the upload
 * fails the table is posted as replies instead, so nothing is lost.
 */
final class Details {
  private static final Logger LOG = LoggerFactory.getLogger(Details.class);

  private final SlackCalls calls;

  Details(SlackCalls calls) {
    this.calls = calls;
  }

  void reply(
      MethodsClient client, String channel, String threadTs, DiagnosisBlocks.ThreadContent thread) {
    post(client, channel, threadTs, thread.replies());
    if (thread.file().isEmpty()) {
      return;
    }
    if (!upload(client, channel, threadTs, thread.file().get())) {
      LOG.warn("the per-node table could not be uploaded; posting it as replies");
      post(client, channel, threadTs, thread.tableReplies());
    }
  }

  private boolean upload(
      MethodsClient client, String channel, String threadTs, DiagnosisBlocks.TextFile file) {
    try {
      return calls
          .call(
              "files.uploadV2",
              () ->
                  client.filesUploadV2(
                      r ->
                          r.channel(channel)
                              .threadTs(threadTs)
                              .filename(file.filename())
                              .title(file.title())
                              .fileData(file.content().getBytes(StandardCharsets.UTF_8))))
          .isPresent();
    } catch (SlackFilesUploadV2Exception e) {
      // One of the upload's steps failed (a missing files:write scope, the upload URL refused).
      LOG.warn("files.uploadV2 failed: {}", e.getMessage());
      return false;
    }
  }

  private void post(
      MethodsClient client, String channel, String threadTs, List<MessageContent> replies) {
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
