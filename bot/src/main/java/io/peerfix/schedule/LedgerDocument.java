package io.peerfix.schedule;

import io.peerfix.schedule.watch.TargetRecord;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A schedule's ledger as stored: each target's {@link TargetRecord} and the recent slots, each
 * claimed by one replica and marked done once reported ({@value #SLOTS_KEPT} kept).
 */
record LedgerDocument(Map<String, TargetRecord> targets, Map<String, SlotClaim> slots) {
  static final int SLOTS_KEPT = 100;

  /** Who runs a slot, since when, and whether it is reported. */
  record SlotClaim(String owner, Instant claimedAt, Instant slot, boolean done) {
    SlotClaim {
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(claimedAt, "claimedAt");
      Objects.requireNonNull(slot, "slot");
    }
  }

  LedgerDocument {
    targets = targets == null ? Map.of() : Map.copyOf(targets);
    slots = slots == null ? Map.of() : Map.copyOf(slots);
  }

  static LedgerDocument empty() {
    return new LedgerDocument(Map.of(), Map.of());
  }

  LedgerDocument withTarget(String target, TargetRecord record) {
    Map<String, TargetRecord> next = new LinkedHashMap<>(targets);
    next.put(target, record);
    return new LedgerDocument(next, slots);
  }

  LedgerDocument withSlot(String key, SlotClaim claim) {
    Map<String, SlotClaim> next = new LinkedHashMap<>(slots);
    next.put(key, claim);
    if (next.size() > SLOTS_KEPT) {
      List<String> oldest =
          next.entrySet().stream()
              .sorted(Comparator.comparing(e -> e.getValue().slot()))
              .limit(next.size() - SLOTS_KEPT)
              .map(Map.Entry::getKey)
              .toList();
      oldest.forEach(next::remove);
    }
    return new LedgerDocument(targets, next);
  }
}
