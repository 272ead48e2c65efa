package io.peerfix.slack;

import io.peerfix.common.UserInputException;
import io.peerfix.diagnosis.AddressPlan;
import io.peerfix.diagnosis.Diagnoser;
import io.peerfix.diagnosis.Diagnosis;
import io.peerfix.diagnosis.NodeVerdict;
import io.peerfix.diagnosis.Observations;
import io.peerfix.diagnosis.ProbeView;
import io.peerfix.diagnosis.World;
import io.peerfix.orchestration.DiagnosisListener;
import io.peerfix.orchestration.DiagnosisRun;
import io.peerfix.slack.command.LabelSelector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Diagnoses of the seed incident as the real {@link Diagnoser} makes them from hand-built
 * observations ({@link World}): target {@code orders} (pods time out, nodes connect), and a second
 * known target, {@code payments}, so that suggestions have a choice.
 */
final class FakeDiagnoses implements DiagnosisService {
  final List<String> asked = new CopyOnWriteArrayList<>();
  final List<Optional<LabelSelector>> selectors = new CopyOnWriteArrayList<>();

  @Override
  public List<String> targets() {
    return List.of("orders", "payments");
  }

  @Override
  public DiagnosisRun diagnose(
      String target, Optional<LabelSelector> nodes, DiagnosisListener listener) {
    asked.add(target);
    selectors.add(nodes);
    if (!target.equals("orders")) {
      throw new UserInputException("lab 'peerfix' is not up");
    }
    return seedIncident();
  }

  static DiagnosisRun seedIncident() {
    World world = World.of(AddressPlan.seed()).podsTimeOut();
    world.natTable = "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE";
    Observations observations = world.observations();
    Diagnosis diagnosis = Diagnoser.standard().diagnose(observations);
    return new DiagnosisRun(
        diagnosis,
        observations,
        java.time.Instant.parse("2026-12-01T10:00:00Z"),
        Duration.ofMillis(2100),
        Duration.ofMillis(2300));
  }

  /** The seed incident as seen on {@code n} nodes, with three kinds of deciding rule. */
  static DiagnosisRun withNodes(int n) {
    DiagnosisRun seed = FakeDiagnoses.seedIncident();
    NodeVerdict one = seed.diagnosis().nodes().get(0);
    List<NodeVerdict> many = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      many.add(
          new NodeVerdict(
              "ip-10-1-" + i + ".ec2.internal",
              i % 7 == 0 ? ProbeView.CONNECTED : one.podProbe(),
              one.podProbeNode(),
              1,
              one.hostProbe(),
              one.podSource(),
              one.sourceAfterNat(),
              one.natAction(),
              one.natDecidingRule() + (i % 3),
              one.podPath(),
              one.hostPath()));
    }
    Diagnosis d = seed.diagnosis();
    DiagnosisRun big =
        new DiagnosisRun(
            new Diagnosis(
                d.id(), d.target(), d.rootCause(), d.confidence(), d.evidence(), many, d.fixes()),
            seed.observations(),
            seed.started(),
            seed.collecting(),
            seed.total());

    return big;
  }
}
