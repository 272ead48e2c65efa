package io.peerfix.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLockLeadershipTest {
  @TempDir Path dir;

  @Test
  void oneOfTwoLeadsAndTheOtherTakesOverWhenItStops() {
    Path lock = dir.resolve("schedules.lock");
    AtomicInteger leads = new AtomicInteger();
    AtomicInteger loses = new AtomicInteger();
    FileLockLeadership a = new FileLockLeadership(lock, Duration.ofMillis(100));
    FileLockLeadership b = new FileLockLeadership(lock, Duration.ofMillis(100));
    try {
      a.start(leads::incrementAndGet, loses::incrementAndGet);
      assertThat(a.leading()).isTrue();
      b.start(leads::incrementAndGet, loses::incrementAndGet);

      assertThat(b.leading()).isFalse();

      a.close();
      await().atMost(Duration.ofSeconds(30)).until(b::leading);
      assertThat(a.leading()).isFalse();
      assertThat(leads).hasValue(2);
      assertThat(loses).hasValue(1);
    } finally {
      a.close();
      b.close();
    }
  }
}
