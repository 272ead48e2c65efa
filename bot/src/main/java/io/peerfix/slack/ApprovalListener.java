package io.peerfix.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.block.LayoutBlock;
import io.peerfix.approval.FixGuard;
import io.peerfix.fix.Actor;
import io.peerfix.fix.Decision;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.fix.FixStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The Approve and Dismiss buttons. Each press is acked at once; the decision is the fix guard's
 * (the same guard the terminal uses), with the presser's identity taken from the interaction's
 * {@code user.id} and their groups from Slack: a refused press gets an ephemeral explanation and
 * changes nothing, an approval replaces the buttons with its status and follows the rollout.
 */
final class ApprovalListener {
  private static final Logger LOG = LoggerFactory.getLogger(ApprovalListener.class);

  private final FixGuard guard;
  private final GroupDirectory groups;
  private final RolloutWatch watch;
  private final SlackCalls calls;
  private final Executor slow;

  ApprovalListener(
      FixGuard guard, GroupDirectory groups, RolloutWatch watch, SlackCalls calls, Executor slow) {
    this.guard = guard;
    this.groups = groups;
    this.watch = watch;
    this.calls = calls;
    this.slow = slow;
  }

  /** One press, as the interaction payload tells it. */
  private record Press(
      String user, String channel, String ts, String value, List<LayoutBlock> message) {
    static Press of(BlockActionPayload p) {
      return new Press(
          p.getUser().getId(),
          p.getChannel() != null ? p.getChannel().getId() : p.getContainer().getChannelId(),
          p.getContainer().getMessageTs(),
          p.getActions().isEmpty() ? null : p.getActions().get(0).getValue(),
          p.getMessage() == null || p.getMessage().getBlocks() == null
              ? List.of()
              : p.getMessage().getBlocks());
    }
  }

  Response approve(BlockActionRequest req, ActionContext ctx) {
    return later(req, ctx, this::approve);
  }

  Response dismiss(BlockActionRequest req, ActionContext ctx) {
    return later(req, ctx, this::dismiss);
  }

  private interface Work {
    void run(MethodsClient client, Press press);
  }

  private Response later(BlockActionRequest req, ActionContext ctx, Work work) {
    Press press = Press.of(req.getPayload());
    MethodsClient client = ctx.client();
    try {
      slow.execute(
          () -> {
            MDC.put("channel", press.channel());
            try {
              work.run(client, press);
            } catch (FixStore.StoreException e) {
              LOG.warn("fix store: {}", e.getMessage());
              tell(
                  client,
                  press,
                  "The fix store could not be read or written: "
                      + e.getMessage()
                      + ". Nothing was changed; press again in a moment.");
            } finally {
              MDC.remove("channel");
            }
          });
    } catch (RejectedExecutionException e) {
      tell(client, press, "peerfix is busy; press again in a minute. Nothing was changed.");
    }
    return ctx.ack();
  }

  private void approve(MethodsClient client, Press press) {
    Optional<FixButton> button = FixButton.parse(press.value());
    if (button.isEmpty()) {
      tell(client, press, NOT_OURS);
      return;
    }
    Actor actor =
        new Actor(press.user(), groups.groupsOf(client, press.user(), guard.policy().groups()));
    Decision decision = guard.approve(button.get().fix(), actor, button.get().digest());
    switch (decision.result()) {
      case REFUSED -> {
        LOG.info(
            "approval of {} by {} refused: {}",
            button.get().fix(),
            press.user(),
            decision.refusal().map(r -> r.reason().name()).orElse(""));
        tell(
            client,
            press,
            ":no_entry: "
                + decision.refusal().map(r -> r.message()).orElse("refused")
                + ". Nothing was changed.");
      }
      case ALREADY -> tell(client, press, already(decision.record()));
      case DONE -> {
        LOG.info("fix {} approved by {}", decision.record().name(), press.user());
        watch.follow(client, press.channel(), press.ts(), press.message(), decision.record());
      }
    }
  }

  private void dismiss(MethodsClient client, Press press) {
    Optional<FixButton> button = FixButton.parse(press.value());
    if (button.isEmpty()) {
      tell(client, press, NOT_OURS);
      return;
    }
    Optional<FixRecord> record = guard.show(button.get().fix());
    if (record.isEmpty() || !record.get().digest().equals(button.get().digest())) {
      tell(
          client,
          press,
          "That fix is not the one this message showed any more. Nothing was changed.");
      return;
    }
    Actor actor =
        new Actor(press.user(), groups.groupsOf(client, press.user(), guard.policy().groups()));
    boolean mayDismiss =
        guard.policy().isApprover(actor) || record.get().requester().equals(press.user());
    if (!mayDismiss) {
      tell(client, press, "Only an approver or the person who asked may dismiss this fix.");
      return;
    }
    if (record.get().state() != FixState.PROPOSED) {
      tell(client, press, already(record.get()));
      return;
    }
    LayoutBlock status =
        SlackLimits.markdown(
            "Dismissed by <@"
                + press.user()
                + ">: the proposal is left to expire and nothing is applied.");
    List<LayoutBlock> blocks = RolloutWatch.withStatus(press.message(), status);
    calls.call(
        "chat.update",
        () ->
            client.chatUpdate(
                r ->
                    r.channel(press.channel())
                        .ts(press.ts())
                        .text("Fix " + record.get().name() + " dismissed")
                        .blocks(blocks)));
  }

  private static final String NOT_OURS =
      "This button was not made by peerfix, or was changed. Nothing was done.";

  private static String already(FixRecord record) {
    return "Fix `"
        + record.name()
        + "` is "
        + FixBlocks.stateWords(record.state())
        + record.approval().map(a -> " (approved by <@" + a.by() + ">)").orElse("")
        + ". Nothing more was done.";
  }

  private void tell(MethodsClient client, Press press, String text) {
    calls.call(
        "chat.postEphemeral",
        () ->
            client.chatPostEphemeral(
                r -> r.channel(press.channel()).user(press.user()).text(text)));
  }
}
