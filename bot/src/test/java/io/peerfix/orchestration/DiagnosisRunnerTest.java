package io.peerfix.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.diagnosis.AddressPlan;
import io.peerfix.diagnosis.Diagnoser;
import io.peerfix.diagnosis.ProbeView;
import io.peerfix.diagnosis.RootCause;
import io.peerfix.diagnosis.World;
import io.peerfix.nat.NatAction;
import io.peerfix.nat.NatVerdict;
import io.peerfix.vpc.AwsQuery;
import io.peerfix.vpc.PathEvaluator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DiagnosisRunnerTest {
  private static final Diagnoser KEEPS_SOURCE =
      new Diagnoser(
          (facts, packet, node) ->
              new NatVerdict(
                  NatAction.NONE, packet.src(), packet.dst(), null, List.of(), List.of(), null),
          new PathEvaluator());

  private final World world = World.of(AddressPlan.seed()).podsTimeOut();
  private final ObservedPorts observed = new ObservedPorts(world.observations(), world.aws());

  private DiagnosisRequest request(Duration timeout) {
    return new DiagnosisRequest(
        world.target(), timeout, AwsQuery.byEndpoint("vpc-k8s", world.target().host()), null);
  }

  @Test
  void collectsFactsAndPodProbesForEveryNodeAndTheAwsViewOnce() {
    DiagnosisRunner runner =
        new DiagnosisRunner(observed.ports(), KEEPS_SOURCE, 8, Clock.systemUTC());

    DiagnosisRun run = runner.run(request(Duration.ofSeconds(2)));

    assertThat(observed.factsCalls).hasValue(2);
    assertThat(observed.podCalls).hasValue(2);
    assertThat(observed.awsCalls).hasValue(1);
    assertThat(run.observations().nodes()).allSatisfy(n -> assertThat(n.facts()).isNotNull());
    assertThat(run.diagnosis().rootCause()).isEqualTo(RootCause.POD_SOURCE_NOT_MASQUERADED);
  }

  @Test
  void withoutAnAwsQueryNoAwsViewIsReadAndTheDiagnosisSaysSo() {
    DiagnosisRunner runner =
        new DiagnosisRunner(observed.ports(), KEEPS_SOURCE, 8, Clock.systemUTC());

    DiagnosisRun run =
        runner.run(new DiagnosisRequest(world.target(), Duration.ofSeconds(2), null, null));

    assertThat(observed.awsCalls).hasValue(0);
    assertThat(run.diagnosis().evidence()).anyMatch(e -> e.startsWith("gap: no AWS view"));
  }

  @Test
  void aFailingPodProberBecomesAWarningAndAMissingProbe() {
    DiagnosisRunner runner =
        new DiagnosisRunner(
            observed.ports(
                node -> {
                  throw new IllegalStateException("pod could not be scheduled");
                }),
            KEEPS_SOURCE,
            8,
            Clock.systemUTC());

    DiagnosisRun run = runner.run(request(Duration.ofSeconds(2)));

    assertThat(run.observations().warnings())
        .anyMatch(w -> w.startsWith("pod probe failed") && w.contains("could not be scheduled"));
    assertThat(run.diagnosis().nodes())
        .allSatisfy(n -> assertThat(n.podProbe()).isEqualTo(ProbeView.NOT_RUN));
    assertThat(run.diagnosis().rootCause()).isEqualTo(RootCause.UNKNOWN);
  }

  @Test
  @Timeout(20)
  void aPodProbeThatNeverAnswersIsGivenUpAtTheDeadline() {
    CountDownLatch never = new CountDownLatch(1);
    DiagnosisRunner runner =
        new DiagnosisRunner(
            observed.ports(
                node -> {
                  try {
                    never.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return null;
                }),
            KEEPS_SOURCE,
            8,
            Clock.systemUTC(),
            Duration.ofMillis(500));

    DiagnosisRun run = runner.run(request(Duration.ofMillis(100)));

    assertThat(run.observations().warnings()).anyMatch(w -> w.contains("did not finish in time"));
    assertThat(run.total())
        .isLessThan(Duration.ofMillis(100).plus(DiagnosisRunner.GRACE).plusSeconds(1));
  }

  @Test
  void probingPerNatFingerprintProbesOneNodeForAGroupAndSaysItStandsForAll() {
    World three = World.of(AddressPlan.seed()).podsTimeOut();
    three.nodes = 3;
    ObservedPorts ports = new ObservedPorts(three.observations(), three.aws());
    DiagnosisRunner runner = new DiagnosisRunner(ports.ports(), KEEPS_SOURCE, 8, Clock.systemUTC());

    DiagnosisRun run =
        runner.run(
            new DiagnosisRequest(three.target(), Duration.ofSeconds(2), null, null),
            DiagnosisRunner.ProbePlan.ONE_PER_NAT_FINGERPRINT);

    assertThat(ports.podCalls).hasValue(1);
    assertThat(run.diagnosis().nodes())
        .allSatisfy(
            n -> {
              assertThat(n.podProbeStandsFor()).isEqualTo(3);
              assertThat(n.podProbe()).isEqualTo(ProbeView.TIMED_OUT);
            });
    assertThat(run.diagnosis().rootCause()).isEqualTo(RootCause.POD_SOURCE_NOT_MASQUERADED);
    assertThat(run.diagnosis().evidence()).anyMatch(e -> e.contains("standing for 3 nodes"));
  }

  @Test
  void beyondAFewNodesTheAutomaticPlanProbesOnePerNatFingerprint() {
    World many = World.of(AddressPlan.seed()).podsTimeOut();
    many.nodes = DiagnosisRunner.EVERY_NODE_UP_TO + 1;
    ObservedPorts ports = new ObservedPorts(many.observations(), many.aws());
    DiagnosisRunner runner = new DiagnosisRunner(ports.ports(), KEEPS_SOURCE, 8, Clock.systemUTC());

    runner.run(new DiagnosisRequest(many.target(), Duration.ofSeconds(2), null, null));

    assertThat(ports.podCalls).hasValue(1);
  }
}
