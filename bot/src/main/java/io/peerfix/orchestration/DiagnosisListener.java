package io.peerfix.orchestration;

/**
 * Receives a diagnosis' {@link DiagnosisEvent}s as they happen, one at a time, on the thread that
 * called {@link DiagnosisRunner#run}, so an implementation needs no locking. It should return
 * quickly (coalesce slow updates such as chat messages itself); an exception it throws is logged
 * and does not stop the run.
 */
@FunctionalInterface
public interface DiagnosisListener {
  /** A listener that ignores every event. */
  DiagnosisListener NONE = event -> {};

  void on(DiagnosisEvent event);
}
