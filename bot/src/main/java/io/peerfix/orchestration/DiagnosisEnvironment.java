package io.peerfix.orchestration;

import io.peerfix.common.UserInputException;
import java.util.List;

/**
 * Where a diagnosis runs: the targets it knows and the ports to collect through (the running lab,
 * later a cluster). Closing it releases what opening it built (e.g. a lab built for this run).
 */
public interface DiagnosisEnvironment extends AutoCloseable {
  List<KnownTarget> targets();

  DiagnosisPorts ports();

  /**
   * The target with this name.
   *
   * @throws UserInputException naming the known targets when there is none
   */
  default KnownTarget target(String name) {
    return targets().stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new UserInputException(
                    "unknown target '"
                        + name
                        + "'; known targets: "
                        + String.join(", ", targets().stream().map(KnownTarget::name).toList())));
  }

  @Override
  default void close() {}
}
