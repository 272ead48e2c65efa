package io.peerfix.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.agent.reconcile.TableStamp;
import io.peerfix.agent.reconcile.TableStamps;
import io.peerfix.nat.NatSlice;
import io.peerfix.net.Ipv4;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * When the published slice is read again: the stamp moved, none, a failed read, the hourly read.
 */
class StampedSlicesTest {
  private static final List<Ipv4> OWN = List.of(Ipv4.parse("172.20.1.10"));
  private final AtomicLong generation = new AtomicLong(7);
  private boolean stamped = true;

  private final TableStamps stamps =
      new TableStamps() {
        @Override
        public Optional<TableStamp> read() {
          return stamped ? Optional.of(TableStamp.of(generation.get())) : Optional.empty();
        }

        @Override
        public String describe() {
          return "test";
        }
      };

  private final StampedSlices slices = new StampedSlices(b -> stamps);

  private static NatSliceReader.Read slice(String text) {
    return new NatSliceReader.Read(
        Optional.of(new NatSlice(text, null, 0, 0, 0, 0, 0, null, false, false, "")), false);
  }

  private String get(String text) {
    return slices.get(IptablesBackend.NFT, OWN, () -> slice(text)).slice().get().table();
  }

  @Test
  void theSameStampGivesTheLastSliceAndAMovedOneReadsAgain() {
    assertThat(get("one")).isEqualTo("one");
    assertThat(get("two")).isEqualTo("one");
    assertThat(slices.reads()).isEqualTo(1);

    generation.incrementAndGet();

    assertThat(get("three")).isEqualTo("three");
    assertThat(slices.reads()).isEqualTo(2);
  }

  @Test
  void withoutAStampEveryPublicationReads() {
    stamped = false;
    get("one");
    assertThat(get("two")).isEqualTo("two");
    assertThat(slices.reads()).isEqualTo(2);
  }

  @Test
  void otherNodeAddressesReadAgain() {
    get("one");
    NatSliceReader.Read other =
        slices.get(IptablesBackend.NFT, List.of(Ipv4.parse("172.20.1.11")), () -> slice("two"));
    assertThat(other.slice().get().table()).isEqualTo("two");
  }

  @Test
  void aFailedReadIsNotKept() {
    slices.get(IptablesBackend.NFT, OWN, () -> NatSliceReader.Read.NONE);
    assertThat(get("one")).isEqualTo("one");
    assertThat(slices.reads()).isEqualTo(2);
  }

  @Test
  void anUnmovedStampStillReadsEveryHour() {
    for (int i = 0; i < StampedSlices.READ_EVERY; i++) {
      get("read " + slices.reads());
    }
    assertThat(slices.reads()).isEqualTo(1);
    assertThat(get("read 1")).isEqualTo("read 1");
    assertThat(slices.reads()).isEqualTo(2);
  }
}
