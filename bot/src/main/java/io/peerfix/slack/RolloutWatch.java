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

/**
 * After an approval, keeps the diagnosis message in step with the fix store: the fix's state and
 * each node's progress as the agents report them, until the fix is verified, not verified,
 * reverted, or the watch's time is up. Reads the store every {@code every}; the message itself is
 * updated through {@link LiveMessage}, so never more than once per interval.
 */
final class RolloutWatch {
  private static final Set<FixState> SETTLED =
      Set.of(FixState.VERIFIED, FixState.NOT_VERIFIED, FixState.REVERTED, FixState.EXPIRED);

  private final FixGuard guard;
  private final FixStore store;
  private final SlackCalls calls;
  private final LiveMessage.Timer timer;
  private final Clock clock;
  private final Duration every;
  private final Duration longest;
  private final Duration updateInterval;

  RolloutWatch(
      FixGuard guard,
      FixStore store,
      SlackCalls calls,
      LiveMessage.Timer timer,
      Clock clock,
      Duration every,
      Duration longest,
      Duration updateInterval) {
    this.guard = guard;
    this.store = store;
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
    timer.schedule(watch::poll, every);
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

    void poll() {
      Optional<FixRecord> record;
      List<NodeStatus> nodes;
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
        timer.schedule(this::poll, every);
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
