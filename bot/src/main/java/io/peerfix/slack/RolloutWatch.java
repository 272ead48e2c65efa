package io.peerfix.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.model.block.LayoutBlock;
import io.peerfix.approval.FixGuard;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.fix.FixStore;
import io.peerfix.fix.NodeStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After an approval, keeps the diagnosis message in step with the fix store: the fix's state and
 * each node's progress as the agents report them, until the fix is verified, not verified,
 * reverted, or the watch's time is up. Every {@code every} it drives the rollout one step (canary,
 * every node, verification: {@link FixDesk.Rollouts}) on the work executor, since a verification
 * probes, then reads the store; the message itself is updated through {@link LiveMessage}, so never
 * more than once per interval.
 */
final class RolloutWatch {
  private static final Set<FixState> SETTLED =
      Set.of(FixState.VERIFIED, FixState.NOT_VERIFIED, FixState.REVERTED, FixState.EXPIRED);

  private static final Logger LOG = LoggerFactory.getLogger(RolloutWatch.class);

  private final FixGuard guard;
  private final FixStore store;
  private final FixDesk.Rollouts rollouts;
  private final Executor work;
  private final SlackCalls calls;
  private final LiveMessage.Timer timer;
  private final Clock clock;
  private final Duration every;
  private final Duration longest;
  private final Duration updateInterval;

  RolloutWatch(
      FixDesk desk,
      Executor work,
      SlackCalls calls,
      LiveMessage.Timer timer,
      Clock clock,
      Duration every,
      Duration longest,
      Duration updateInterval) {
    this.guard = desk.guard();
    this.store = desk.store();
    this.rollouts = desk.rollouts();
    this.work = work;
    this.calls = calls;
    this.timer = timer;
    this.clock = clock;
    this.every = every;
    this.longest = longest;
    this.updateInterval = updateInterval;
  }

  /** The message's blocks with {@code status} in place of the buttons and of any earlier status. */
  static List<LayoutBlock> withStatus(List<LayoutBlock> message, LayoutBlock status) {
    List<LayoutBlock> blocks = new ArrayList<>();
    boolean placed = false;
    for (LayoutBlock b : message) {
      boolean ours =
          FixBlocks.ACTIONS_BLOCK.equals(b.getBlockId())
              || FixBlocks.STATUS_BLOCK.equals(b.getBlockId());
      if (!ours) {
        blocks.add(b);
      } else if (!placed) {
        blocks.add(status);
        placed = true;
      }
    }
    if (!placed) {
      blocks.add(status);
    }
    return blocks;
  }

  /** Shows {@code record} in the message now, then follows it until it settles. */
  void follow(
      MethodsClient client,
      String channel,
      String ts,
      List<LayoutBlock> message,
      FixRecord record) {
    LiveMessage live =
        new LiveMessage(client, calls, timer, clock, updateInterval, channel).adopting(ts);
    Instant until = clock.instant().plus(longest);
    Watch watch = new Watch(live, message, record.name(), until);
    watch.show(record, store.nodeStatuses(record.name()));
    watch.next();
  }

  private final class Watch {
    private final LiveMessage live;
    private final List<LayoutBlock> message;
    private final String name;
    private final Instant until;
    private String shown = "";

    Watch(LiveMessage live, List<LayoutBlock> message, String name, Instant until) {
      this.live = live;
      this.message = message;
      this.name = name;
      this.until = until;
    }

    void next() {
      timer.schedule(
          () -> {
            try {
              work.execute(this::poll);
            } catch (RejectedExecutionException e) {
              next();
            }
          },
          every);
    }

    void poll() {
      Optional<FixRecord> record;
      List<NodeStatus> nodes;
      try {
        rollouts.advance(name);
      } catch (RuntimeException e) {
        // The next poll tries again; the store keeps where the rollout stands.
        LOG.warn("the rollout of fix {} could not advance: {}", name, e.toString());
      }
      try {
        record = guard.show(name);
        nodes = store.nodeStatuses(name);
      } catch (FixStore.StoreException e) {
        record = Optional.empty();
        nodes = List.of();
      }
      if (record.isPresent()) {
        boolean settled = SETTLED.contains(record.get().state());
        if (settled) {
          live.finish(content(record.get(), nodes));
          return;
        }
        show(record.get(), nodes);
      }
      if (clock.instant().isBefore(until)) {
        next();
      }
    }

    void show(FixRecord record, List<NodeStatus> nodes) {
      MessageContent content = content(record, nodes);
      String key = content.blocks().toString();
      if (!key.equals(shown)) {
        shown = key;
        live.show(content);
      }
    }

    private MessageContent content(FixRecord record, List<NodeStatus> nodes) {
      return SlackLimits.message(
          "Fix " + record.name() + ": " + FixBlocks.stateWords(record.state()),
          withStatus(message, FixBlocks.status(record, nodes)),
          "more in the thread");
    }
  }
}
