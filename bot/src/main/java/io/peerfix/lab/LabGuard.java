package io.peerfix.lab;

import io.peerfix.common.CommandName;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Removes a lab this process builds or uses when the process is stopped by a signal (Ctrl-C's
 * SIGINT, SIGTERM, SIGHUP) before it is done with it, through a JVM shutdown hook; when the lab is
 * to be kept, it says how to remove it instead.
 *
 * <p>The normal end ({@link #close}) and the signal's hook race for one flag: whichever comes first
 * runs the end, the other waits for it to finish. So the teardown runs exactly once, and the JVM
 * does not exit in the middle of it. On a signal during a build, the build is cancelled first (its
 * further commands fail), and the lab is removed once more after the build gave up, for what it
 * made meanwhile.
 */
public final class LabGuard implements AutoCloseable {
  /** How long a signal's teardown waits for a build to notice that it is cancelled. */
  private static final Duration BUILD_STOP_WAIT = Duration.ofSeconds(15);

  /** How long the loser of the race waits for the winner's end. */
  private static final Duration END_WAIT = Duration.ofSeconds(60);

  /** What the guard does at its normal end. */
  public enum NormalEnd {
    /** Leave the lab up without a word ({@code lab up}: that is what it is for). */
    LEAVE,
    /** Leave the lab up and say how to remove it ({@code --keep}). */
    KEEP,
    /** Remove the lab and say so. */
    REMOVE
  }

  /** The lab operations the guard needs; {@link Lab} in production. */
  interface Target {
    /** Stops a build in progress; true when one was. */
    boolean cancel();

    void awaitBuildsStopped(Duration limit);

    int down(String name);
  }

  /** Where the shutdown hook is registered; the JVM's {@link Runtime} in production. */
  interface Hooks {
    void add(Thread hook);

    /** Removes the hook; false when the JVM is already shutting down. */
    boolean remove(Thread hook);
  }

  private final Target lab;
  private final String name;
  private final NormalEnd normalEnd;
  private final Consumer<String> say;
  private final Hooks hooks;
  private final Thread hook;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);

  LabGuard(Target lab, String name, NormalEnd normalEnd, Consumer<String> say, Hooks hooks) {
    this.lab = lab;
    this.name = name;
    this.normalEnd = normalEnd;
    this.say = say;
    this.hooks = hooks;
    this.hook = new Thread(this::onSignal, "peerfix-lab-teardown-" + name);
    hooks.add(hook);
  }

  /**
   * Guards lab {@code name} of {@code lab} until {@link #close}: a signal removes it (or, with
   * {@code normalEnd} {@link NormalEnd#KEEP}, says how to), and {@code close} does {@code
   * normalEnd}. Messages go to {@code say}, one sentence each.
   */
  public static LabGuard guard(Lab lab, String name, NormalEnd normalEnd, Consumer<String> say) {
    return new LabGuard(adapt(lab), name, normalEnd, say, RuntimeHooks.INSTANCE);
  }

  /** The command that removes lab {@code name}, as the user types it. */
  public static String removeCommand(String name) {
    return CommandName.line("lab down" + Lab.nameOption(name));
  }

  /** The normal end: does what the guard was made for, unless a signal's teardown came first. */
  @Override
  public void close() {
    if (!ended.compareAndSet(false, true)) {
      awaitFinished();
      return;
    }
    try {
      hooks.remove(hook);
      switch (normalEnd) {
        case LEAVE -> {}
        case KEEP ->
            say.accept("The lab " + name + " stays up; remove it with: " + removeCommand(name));
        case REMOVE -> {
          lab.down(name);
          say.accept("Lab " + name + " removed");
        }
      }
    } finally {
      finished.countDown();
    }
  }

  /** The shutdown hook's work: end now, or wait for the normal end already under way. */
  void onSignal() {
    if (!ended.compareAndSet(false, true)) {
      awaitFinished();
      return;
    }
    try {
      if (normalEnd == NormalEnd.KEEP) {
        say.accept(
            "Interrupted: the lab "
                + name
                + " stays up (--keep); remove it with: "
                + removeCommand(name));
        return;
      }
      say.accept("Interrupted: removing the lab " + name + " ...");
      boolean wasBuilding = lab.cancel();
      lab.down(name);
      if (wasBuilding) {
        lab.awaitBuildsStopped(BUILD_STOP_WAIT);
        lab.down(name);
      }
      say.accept("Lab " + name + " removed");
    } catch (RuntimeException e) {
      say.accept(
          "Interrupted, and the lab "
              + name
              + " could not be removed completely; run: "
              + removeCommand(name));
    } finally {
      finished.countDown();
    }
  }

  private void awaitFinished() {
    try {
      finished.await(END_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Target adapt(Lab lab) {
    return new Target() {
      @Override
      public boolean cancel() {
        return lab.cancel();
      }

      @Override
      public void awaitBuildsStopped(Duration limit) {
        lab.awaitBuildsStopped(limit);
      }

      @Override
      public int down(String name) {
        return lab.down(name);
      }
    };
  }

  private enum RuntimeHooks implements Hooks {
    INSTANCE;

    @Override
    public void add(Thread hook) {
      Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public boolean remove(Thread hook) {
      try {
        return Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        return false;
      }
    }
  }
}
