package io.peerfix.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.peerfix.schedule.watch.TargetRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads and changes schedules' ledgers through a {@link LedgerStore} by compare and set, retrying
 * when another replica wrote in between: claims a slot (at most one replica runs it; a claim whose
 * owner did not finish within its time may be taken over), keeps each target's record as soon as
 * its report is posted (so a slot run again after a crash reports nothing twice), and marks slots
 * done.
 */
public final class ScheduleLedger {
  private static final int ATTEMPTS = 20;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new Jdk8Module())
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final LedgerStore store;
  private final Clock clock;

  public ScheduleLedger(LedgerStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Claims {@code slot} for {@code owner}: true if no one claimed it, or its claim is not done and
   * older than {@code takeOverAfter}.
   */
  public boolean claim(Slot slot, String owner, Duration takeOverAfter) {
    Instant now = clock.instant();
    boolean[] claimed = {false};
    update(
        slot.schedule(),
        doc -> {
          LedgerDocument.SlotClaim existing = doc.slots().get(slot.key());
          if (existing != null
              && (existing.done() || existing.claimedAt().plus(takeOverAfter).isAfter(now))) {
            claimed[0] = false;
            return Optional.empty();
          }
          claimed[0] = true;
          return Optional.of(
              doc.withSlot(slot.key(), new LedgerDocument.SlotClaim(owner, now, slot.at(), false)));
        });
    return claimed[0];
  }

  /** Marks a claimed slot reported. */
  public void complete(Slot slot, String owner) {
    update(
        slot.schedule(),
        doc ->
            Optional.of(
                doc.withSlot(
                    slot.key(),
                    new LedgerDocument.SlotClaim(owner, clock.instant(), slot.at(), true))));
  }

  /** Every target's record of this schedule. */
  public Map<String, TargetRecord> records(String schedule) {
    return document(store.read(schedule)).targets();
  }

  public void save(String schedule, String target, TargetRecord record) {
    update(schedule, doc -> Optional.of(doc.withTarget(target, record)));
  }

  /** The latest slot of this kind any replica claimed, done or not. */
  public Optional<Instant> lastSlot(String schedule, Slot.Kind kind) {
    String prefix = kind.name().toLowerCase(java.util.Locale.ROOT) + "@";
    return document(store.read(schedule)).slots().entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .map(e -> e.getValue().slot())
        .max(Instant::compareTo);
  }

  /** Whether the slot is reported. */
  public boolean done(Slot slot) {
    LedgerDocument.SlotClaim claim = document(store.read(slot.schedule())).slots().get(slot.key());
    return claim != null && claim.done();
  }

  private void update(String schedule, Function<LedgerDocument, Optional<LedgerDocument>> change) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      LedgerStore.Versioned read = store.read(schedule);
      Optional<LedgerDocument> next = change.apply(document(read));
      if (next.isEmpty() || store.write(schedule, text(next.get()), read)) {
        return;
      }
    }
    throw new IllegalStateException(
        "the ledger of schedule "
            + schedule
            + " changed under every one of "
            + ATTEMPTS
            + " writes");
  }

  private static LedgerDocument document(LedgerStore.Versioned read) {
    if (read.text().isEmpty() || read.text().get().isBlank()) {
      return LedgerDocument.empty();
    }
    try {
      return JSON.readValue(read.text().get(), LedgerDocument.class);
    } catch (JsonProcessingException e) {
      // A ledger nobody can read is started afresh rather than stopping every schedule.
      return LedgerDocument.empty();
    }
  }

  private static String text(LedgerDocument doc) {
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a schedule ledger", e);
    }
  }
}
