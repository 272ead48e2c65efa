package io.peerfix.agent.reconcile;

import java.util.List;

/**
 * What the kernel says of the nat table's version at one moment, read without copying the table:
 * two unequal stamps mean the table may have changed between them; two equal ones mean no change
 * that the stamp covers (each {@link TableStamps} source says what that is). Opaque otherwise.
 */
public record TableStamp(List<Long> words) {
  public TableStamp {
    words = List.copyOf(words);
  }

  public static TableStamp of(long... words) {
    return new TableStamp(java.util.Arrays.stream(words).boxed().toList());
  }
}
