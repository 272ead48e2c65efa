package io.peerfix.arch.planted;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;

/** Clean: runs work on the executor its caller lends and waits for it, starting no thread. */
public final class TakesAnExecutor {
  private TakesAnExecutor() {}

  public static void runOn(Executor executor, Runnable work) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    executor.execute(
        () -> {
          work.run();
          done.countDown();
        });
    done.await();
  }
}
