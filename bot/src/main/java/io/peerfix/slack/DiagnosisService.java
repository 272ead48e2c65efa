package io.peerfix.slack;

import io.peerfix.orchestration.DiagnosisListener;
import io.peerfix.orchestration.DiagnosisRun;
import io.peerfix.slack.command.LabelSelector;
import java.util.List;
import java.util.Optional;

/**
 * What the bot diagnoses: the targets it knows by name and one diagnosis of one of them, over the
 * nodes a selector picks (all of them when empty). Implemented over the lab or a cluster.
 */
public interface DiagnosisService {
  /** The known targets' names, in the order {@code /peerfix targets} lists them. */
  List<String> targets();

  /**
   * Runs one diagnosis, telling {@code listener} the runner's events as they happen; slow (about
   * one probe timeout), so never on a listener's thread.
   *
   * @throws io.peerfix.common.UserInputException when the target is unknown or no node matches
   */
  DiagnosisRun diagnose(String target, Optional<LabelSelector> nodes, DiagnosisListener listener);
}
