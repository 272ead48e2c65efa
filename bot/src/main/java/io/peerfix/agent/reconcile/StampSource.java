package io.peerfix.agent.reconcile;

/** One kernel's way to a {@link TableStamp}; a failed read throws (errno, or a reply it lacks). */
interface StampSource extends AutoCloseable {
  TableStamp read();

  String describe();

  @Override
  void close();
}
