package io.peerfix.orchestration;

import io.peerfix.common.Counted;
import io.peerfix.common.Problems;
import io.peerfix.facts.NodeInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's collection: tasks run on the run's executor, and their results come back through one
 * queue that the calling thread drains, so every handler and every listener call runs on that one
 * thread, in the order results arrived, and one deadline bounds all waiting. A task still running
 * at the deadline is cancelled and reported as not finished in time; whatever it returns later is
 * ignored.
 */
final class Collection {
  private static final Logger LOG = LoggerFactory.getLogger(Collection.class);

  private final ExecutorService executor;
  private final Clock clock;
  private final Instant deadline;
  private final DiagnosisListener listener;
  private final BlockingQueue<Completion<?>> done = new LinkedBlockingQueue<>();
  private final Map<Task<?>, Future<?>> pending = new LinkedHashMap<>();
  private final Warnings warnings = new Warnings();
  private boolean closed;

  Collection(ExecutorService executor, Clock clock, Instant deadline, DiagnosisListener listener) {
    this.executor = executor;
    this.clock = clock;
    this.deadline = deadline;
    this.listener = listener;
  }

  /**
   * What a task is, for warnings, and what to do with its value on the calling thread. An optional
   * task (the model's first answer) neither keeps the collection waiting nor warns when it misses
   * the deadline.
   */
  private record Task<T>(
      String what, NodeInfo node, boolean optional, Consumer<Optional<T>> handler) {}

  /** A finished task: its value, or the failure that ended it. */
  private record Completion<T>(Task<T> task, T value, Throwable failure) {}

  /**
   * Runs {@code work} on the executor; {@link #drain} later hands its value to {@code handler} (an
   * empty value when it failed, after a warning naming {@code what} and the node).
   */
  <T> void submit(String what, NodeInfo node, Callable<T> work, Consumer<Optional<T>> handler) {
    submit(new Task<>(what, node, false, handler), work);
  }

  /**
   * Like {@link #submit}, but the collection does not wait for it: its value is handled only if it
   * arrives while something else is still being collected.
   */
  <T> void submitOptional(String what, Callable<T> work, Consumer<Optional<T>> handler) {
    submit(new Task<>(what, null, true, handler), work);
  }

  private <T> void submit(Task<T> task, Callable<T> work) {
    Future<?> future =
        executor.submit(
            () -> {
              try {
                done.add(new Completion<>(task, work.call(), null));
              } catch (Exception | Error e) {
                done.add(new Completion<>(task, null, e));
              }
            });
    pending.put(task, future);
  }

  /**
   * Handles results as they arrive until every submitted task has finished or the deadline has
   * passed; then cancels what is still running, with a warning for each.
   *
   * @return true when every task finished in time
   */
  boolean drain() {
    while (pending.keySet().stream().anyMatch(t -> !t.optional())) {
      long left = Duration.between(clock.instant(), deadline).toMillis();
      Completion<?> next = null;
      try {
        // Past the deadline, results that arrived in time but wait in the queue still count.
        next = left > 0 ? done.poll(left, TimeUnit.MILLISECONDS) : done.poll();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (next == null) {
        giveUp();
        return false;
      }
      handle(next);
    }
    return true;
  }

  private <T> void handle(Completion<T> c) {
    pending.remove(c.task());
    if (c.failure() != null && c.task().optional()) {
      LOG.debug("{} failed", c.task().what(), c.failure());
      c.task().handler().accept(Optional.empty());
    } else if (c.failure() != null) {
      Throwable cause = c.failure();
      warn(c.task().what() + " failed: " + Problems.describe(cause), c.task().node());
      c.task().handler().accept(Optional.empty());
    } else {
      c.task().handler().accept(Optional.ofNullable(c.value()));
    }
  }

  private void giveUp() {
    List<Task<?>> late = pending.keySet().stream().filter(t -> !t.optional()).toList();
    pending.values().forEach(f -> f.cancel(true));
    pending.clear();
    for (Task<?> task : late) {
      warn(task.what() + " did not finish in time", task.node());
    }
  }

  /** Records a warning and tells the listener. */
  void warn(String problem, NodeInfo node) {
    warnings.add(problem, node == null ? "" : node.name());
    emit(
        new DiagnosisEvent.Warned(
            problem, node == null ? Optional.empty() : Optional.of(node.name())));
  }

  /** Tells the listener, unless the run has finished; a failing listener does not stop the run. */
  void emit(DiagnosisEvent event) {
    if (closed) {
      return;
    }
    try {
      listener.on(event);
    } catch (RuntimeException e) {
      LOG.warn("a diagnosis listener failed on {}", event.getClass().getSimpleName(), e);
    }
  }

  /** After this, no event reaches the listener. */
  void close() {
    closed = true;
  }

  List<String> warningLines() {
    return warnings.lines();
  }

  /** Collection warnings, one line per problem naming the nodes it hit. */
  private static final class Warnings {
    private final Map<String, List<String>> byProblem = new LinkedHashMap<>();

    void add(String problem, String node) {
      byProblem.computeIfAbsent(problem, k -> new ArrayList<>()).add(node);
    }

    List<String> lines() {
      List<String> lines = new ArrayList<>();
      byProblem.forEach(
          (problem, nodes) -> {
            List<String> named = nodes.stream().filter(n -> !n.isEmpty()).toList();
            lines.add(
                named.isEmpty()
                    ? problem
                    : problem
                        + " on "
                        + Counted.of(named.size(), "node")
                        + ": "
                        + String.join(", ", named.stream().limit(5).toList())
                        + (named.size() > 5 ? ", ..." : ""));
          });
      return lines;
    }
  }
}
