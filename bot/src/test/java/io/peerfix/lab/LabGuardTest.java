package io.peerfix.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerfix.lab.LabGuard.NormalEnd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LabGuardTest {
  private final List<String> said = Collections.synchronizedList(new ArrayList<>());
  private final FakeHooks hooks = new FakeHooks();
  private final FakeLab lab = new FakeLab();

  @Test
  void aSignalRemovesTheLabOnceAndTheNormalEndAfterItDoesNothingMore() {
    LabGuard guard = new LabGuard(lab, "pfx", NormalEnd.REMOVE, said::add, hooks);

    guard.onSignal();
    guard.close();

    assertThat(lab.downs.get()).isEqualTo(1);
    assertThat(said).containsExactly("Interrupted: removing the lab pfx ...", "Lab pfx removed");
  }

  @Test
  void theNormalEndRemovesTheLabOnceAndUnregistersTheHook() {
    LabGuard guard = new LabGuard(lab, "pfx", NormalEnd.REMOVE, said::add, hooks);

    guard.close();
    guard.onSignal();

    assertThat(lab.downs.get()).isEqualTo(1);
    assertThat(hooks.registered).isEmpty();
    assertThat(said).containsExactly("Lab pfx removed");
  }

  @Test
  void aSignalDuringABuildCancelsItAndRemovesWhatItMadeMeanwhile() {
    lab.building = true;
    LabGuard guard = new LabGuard(lab, "pfx", NormalEnd.LEAVE, said::add, hooks);

    guard.onSignal();

    assertThat(lab.cancels.get()).isEqualTo(1);
    assertThat(lab.downs.get()).isEqualTo(2);
  }

  @Test
  void withKeepASignalLeavesTheLabAndSaysHowToRemoveIt() {
    LabGuard guard = new LabGuard(lab, "pfx", NormalEnd.KEEP, said::add, hooks);

    guard.onSignal();

    assertThat(lab.downs.get()).isZero();
    assertThat(said).singleElement().asString().contains("lab down --name pfx");
  }

  @Test
  void aNormalEndLeavesALabUpSilentlyWhenAskedTo() {
    LabGuard guard = new LabGuard(lab, "pfx", NormalEnd.LEAVE, said::add, hooks);

    guard.close();

    assertThat(lab.downs.get()).isZero();
    assertThat(said).isEmpty();
  }

  @Test
  void aSignalDuringTheNormalTeardownWaitsForItInsteadOfRunningASecondOne() throws Exception {
    lab.downGate = new CountDownLatch(1);
    LabGuard guard = new LabGuard(lab, "pfx", NormalEnd.REMOVE, said::add, hooks);
    Thread normal = new Thread(guard::close);
    normal.start();
    await().until(() -> lab.downsStarted.get() == 1);

    Thread signal = new Thread(guard::onSignal);
    signal.start();
    signal.join(200);
    assertThat(signal.isAlive()).as("the hook waits while the teardown runs").isTrue();

    lab.downGate.countDown();
    signal.join(Duration.ofSeconds(10).toMillis());
    normal.join(Duration.ofSeconds(10).toMillis());
    assertThat(signal.isAlive()).isFalse();
    assertThat(lab.downs.get()).isEqualTo(1);
  }

  @Test
  void theGuardRegistersItsHookAtOnce() {
    new LabGuard(lab, "pfx", NormalEnd.REMOVE, said::add, hooks);

    assertThat(hooks.registered).hasSize(1);
  }

  private static final class FakeLab implements LabGuard.Target {
    final AtomicInteger downs = new AtomicInteger();
    final AtomicInteger downsStarted = new AtomicInteger();
    final AtomicInteger cancels = new AtomicInteger();
    volatile boolean building;
    volatile CountDownLatch downGate;

    @Override
    public boolean cancel() {
      cancels.incrementAndGet();
      return building;
    }

    @Override
    public void awaitBuildsStopped(Duration limit) {}

    @Override
    public int down(String name) {
      downsStarted.incrementAndGet();
      if (downGate != null) {
        try {
          downGate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      downs.incrementAndGet();
      return 1;
    }
  }

  private static final class FakeHooks implements LabGuard.Hooks {
    final List<Thread> registered = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void add(Thread hook) {
      registered.add(hook);
    }

    @Override
    public boolean remove(Thread hook) {
      return registered.remove(hook);
    }
  }
}
