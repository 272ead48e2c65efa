package io.peerfix.slack;

import com.slack.api.methods.MethodsClient;
import io.peerfix.common.Counted;
import io.peerfix.fix.Actor;
import io.peerfix.fix.Decision;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixStore;
import io.peerfix.fix.Versioned;
import java.util.Comparator;
import java.util.List;

/**
 * {@code /peerfix fixes} and {@code /peerfix revert FIX}: the list as the store has it, and a
 * revert through the same guard as every approval (the reverter is the command's {@code user_id}).
 * Answers only the asker, except a revert done, which the channel hears.
 */
final class FixCommands {
  private static final int LISTED = 20;

  private final FixDesk desk;
  private final GroupDirectory groups;
  private final SlackCalls calls;

  FixCommands(FixDesk desk, GroupDirectory groups, SlackCalls calls) {
    this.desk = desk;
    this.groups = groups;
    this.calls = calls;
  }

  void list(MethodsClient client, String channel, String user) {
    List<FixRecord> all;
    try {
      all =
          desk.store().list().stream()
              .map(Versioned::value)
              .sorted(Comparator.comparing(FixRecord::proposedAt).reversed())
              .toList();
    } catch (FixStore.StoreException e) {
      tell(client, channel, user, "The fix store could not be read: " + e.getMessage());
      return;
    }
    if (all.isEmpty()) {
      tell(client, channel, user, "No node fixes yet: `/peerfix diagnose TARGET` proposes one.");
      return;
    }
    StringBuilder out = new StringBuilder("Node fixes, newest first:");
    for (FixRecord f : all.stream().limit(LISTED).toList()) {
      out.append("\n• `")
          .append(f.name())
          .append("` ")
          .append(f.state().name())
          .append(": ")
          .append(f.fix().target())
          .append(", ")
          .append(Counted.of(f.fix().nodes().size(), "node"))
          .append(", digest `")
          .append(f.shortDigest())
          .append('`');
    }
    if (all.size() > LISTED) {
      out.append("\n… and ").append(all.size() - LISTED).append(" older");
    }
    tell(client, channel, user, SlackLimits.fit(out.toString(), SlackLimits.MAX_SECTION_TEXT));
  }

  void revert(MethodsClient client, String channel, String user, String name) {
    Actor actor = new Actor(user, groups.groupsOf(client, user, desk.guard().policy().groups()));
    Decision decision;
    try {
      decision = desk.guard().revert(name, actor);
    } catch (FixStore.StoreException e) {
      tell(client, channel, user, "The fix store could not be written: " + e.getMessage());
      return;
    }
    switch (decision.result()) {
      case REFUSED ->
          tell(
              client,
              channel,
              user,
              ":no_entry: "
                  + decision.refusal().map(r -> r.message()).orElse("refused")
                  + ". Nothing was changed.");
      case ALREADY -> tell(client, channel, user, "Fix `" + name + "` is reverted already.");
      case DONE ->
          calls.call(
              "chat.postMessage",
              () ->
                  client.chatPostMessage(
                      r ->
                          r.channel(channel)
                              .text(
                                  ":rewind: Fix `"
                                      + name
                                      + "` reverted by <@"
                                      + user
                                      + ">: the agents remove exactly its rules.")));
    }
  }

  private void tell(MethodsClient client, String channel, String user, String text) {
    calls.call(
        "chat.postEphemeral",
        () -> client.chatPostEphemeral(r -> r.channel(channel).user(user).text(text)));
  }
}
