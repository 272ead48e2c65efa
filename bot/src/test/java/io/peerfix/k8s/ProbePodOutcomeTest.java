package io.peerfix.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a probe pod's last seen state reads, for the states a test cannot time reliably. */
class ProbePodOutcomeTest {
  private static final NodeInfo NODE =
      new NodeInfo(
          "node-a", List.of(Ipv4.parse("172.20.1.10")), Cidr.parse("10.244.1.0/24"), Map.of());
  private static final ProbeRequest REQUEST =
      new ProbeRequest("10.0.5.20", 5432, ProbeProtocol.TCP, 2000);
  private static final ProbePodOutcome OUTCOME =
      new ProbePodOutcome(
          ProbePodConfig.defaults("peerfix", "peerfix:test"), NODE, REQUEST, "peerfix-probe-1");

  private static Pod pod(PodStatus status) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("peerfix-probe-1")
        .endMetadata()
        .withStatus(status)
        .build();
  }

  @Test
  void aContainerStillPullingAtTheDeadlineSaysToRaiseTheStartupAllowance() {
    Pod pulling = pod(FakeKubelet.waitsWith("ContainerCreating", null).apply(null));

    ProbeResult result = OUTCOME.read(pulling, 65_000, Duration.ofSeconds(66));

    assertThat(result.error())
        .contains("was still waiting to start (ContainerCreating) within its deadline of 66 s")
        .contains("raise the startup allowance (now 60 s)");
  }

  @Test
  void aPodWithoutAnyStatusAtTheDeadlineNeverStarted() {
    ProbeResult result = OUTCOME.read(pod(null), 65_000, Duration.ofSeconds(66));

    assertThat(result.error())
        .contains("stayed Pending and never started within its deadline of 66 s");
  }

  @Test
  void aRunningContainerAtTheDeadlineTookTooLong() {
    Pod running =
        pod(
            new PodStatusBuilder()
                .withPhase("Running")
                .withStartTime("2026-11-24T21:00:00Z")
                .build());

    assertThat(OUTCOME.read(running, 65_000, Duration.ofSeconds(66)).error())
        .contains("was still running");
  }

  @Test
  void aPodTheKubeletFailedSaysWhyAndPointsAtTheNode() {
    Pod rejected =
        pod(
            new PodStatusBuilder()
                .withPhase("Failed")
                .withReason("OutOfcpu")
                .withMessage("Node didn't have enough resource: cpu")
                .build());

    assertThat(OUTCOME.read(rejected, 20, null).error())
        .contains("failed before the probe ran (OutOfcpu: Node didn't have enough resource: cpu)")
        .contains("kubectl describe node node-a");
  }

  @Test
  void aPodThatVanishedSaysSo() {
    assertThat(OUTCOME.read(null, 20, null).error()).contains("disappeared before it finished");
  }

  @Test
  void aFailedPodIsOverButAPendingOneIsNot() {
    assertThat(ProbePodOutcome.isOver(pod(new PodStatusBuilder().withPhase("Failed").build())))
        .isTrue();
    assertThat(ProbePodOutcome.isOver(pod(new PodStatusBuilder().withPhase("Pending").build())))
        .isFalse();
  }

  @Test
  void aPodOfSeveralProbesIsOverOnceEachOfItsContainersTerminated() {
    List<String> containers = List.of("probe-1", "probe-2");
    Pod oneDone =
        pod(
            new PodStatusBuilder()
                .withPhase("Running")
                .addNewContainerStatus()
                .withName("probe-1")
                .withNewState()
                .withNewTerminated()
                .withExitCode(0)
                .withMessage("{}")
                .endTerminated()
                .endState()
                .endContainerStatus()
                .addNewContainerStatus()
                .withName("probe-2")
                .withNewState()
                .withNewRunning()
                .endRunning()
                .endState()
                .endContainerStatus()
                .build());
    Pod bothDone =
        new PodBuilder(oneDone)
            .editStatus()
            .editLastContainerStatus()
            .withNewState()
            .withNewTerminated()
            .withExitCode(1)
            .withMessage("{}")
            .endTerminated()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build();

    assertThat(ProbePodOutcome.isOver(oneDone, containers)).isFalse();
    assertThat(ProbePodOutcome.isOver(bothDone, containers)).isTrue();
  }

  @Test
  void eachContainerOfAPodGivesItsOwnResult() {
    Pod pod =
        pod(
            FakeKubelet.terminatesEach(c -> c.getName().equals("probe-2") ? "" : "not json")
                .apply(
                    new PodBuilder()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("probe-1")
                        .endContainer()
                        .addNewContainer()
                        .withName("probe-2")
                        .endContainer()
                        .endSpec()
                        .build()));
    ProbePodOutcome second =
        new ProbePodOutcome(
            ProbePodConfig.defaults("peerfix", "img"), NODE, REQUEST, "peerfix-probe-1", "probe-2");

    assertThat(second.read(pod, 20, null).error())
        .startsWith("probe pod peerfix/peerfix-probe-1 (container probe-2) on node")
        .contains("without a result in its termination message");
  }

  @Test
  void aContainerThatCannotBeCreatedIsOverAtOnce() {
    Pod misconfigured =
        pod(FakeKubelet.waitsWith("CreateContainerConfigError", "secret not found").apply(null));

    assertThat(ProbePodOutcome.isOver(misconfigured)).isTrue();
    assertThat(OUTCOME.read(misconfigured, 20, null).error())
        .contains("could not start its container (CreateContainerConfigError: secret not found)");
  }

  @Test
  void failuresKeepTheRequestAndSayWhereTheProbeRan() {
    ProbeResult result = OUTCOME.read(null, 20, null);

    assertThat(result.request()).isEqualTo(REQUEST);
    assertThat(result.origin()).isEqualTo("pod peerfix-probe-1 on node node-a");
    assertThat(result.reachable()).isFalse();
  }
}
