package io.peerfix.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.peerfix.facts.ConnectAttempt;
import io.peerfix.facts.ConnectOutcome;
import io.peerfix.facts.DnsLookup;
import io.peerfix.facts.DnsStatus;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.facts.ProtocolCheck;
import io.peerfix.probe.ProbeJson;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ProbePodsTest {
  private static final String NS = "peerfix";
  private static final NodeInfo NODE =
      new NodeInfo("ip-172-20-1-10", List.of("172.20.1.10"), "10.244.1.0/24", Map.of());
  private static final ProbeRequest REQUEST =
      new ProbeRequest(
          "orders.cluster-1.us-east-1.rds.amazonaws.com", 5432, ProbeProtocol.POSTGRES, 100);

  /**
   * Generous: tests that expect the pod to finish never race the fake kubelet on a busy machine.
   */
  private static final ProbePodConfig CONFIG =
      ProbePodConfig.defaults(NS, "ghcr.io/peerfix/peerfix:0.1.0")
          .withStartupAllowance(Duration.ofSeconds(30))
          .withOwner(ProbeOwner.pod("peerfix-bot-7d9f"));

  /** For the tests where the deadline passes. */
  private static final ProbePodConfig SHORT_DEADLINE =
      CONFIG.withStartupAllowance(Duration.ofMillis(700));

  KubernetesClient client;

  static ProbeResult reachableResult() {
    return new ProbeResult(
        "pod",
        REQUEST,
        "10.244.1.5",
        new DnsLookup(REQUEST.host(), DnsStatus.RESOLVED, List.of("10.0.5.20"), 3, null),
        List.of(
            new ConnectAttempt("10.0.5.20", 5432, ConnectOutcome.CONNECTED, 4, "10.244.1.5", null)),
        new ProtocolCheck(ProbeProtocol.POSTGRES, true, "SSLRequest answered 'S'"),
        true,
        9,
        null);
  }

  /** The result as the probe program writes it to its termination message. */
  static String json(ProbeResult result) {
    return ProbeJson.write(result);
  }

  private ProbeResult probeWith(Function<Pod, PodStatus> kubelet) {
    return probeWith(kubelet, CONFIG);
  }

  private ProbeResult probeWith(Function<Pod, PodStatus> kubelet, ProbePodConfig config) {
    try (FakeKubelet fake = new FakeKubelet(client, NS, kubelet)) {
      return new ProbePods(client, config, Clock.systemUTC()).probeFromPod(NODE, REQUEST);
    }
  }

  private Pod createdPod() {
    try (FakeKubelet fake =
        new FakeKubelet(client, NS, FakeKubelet.terminatesWith(json(reachableResult()), 0))) {
      new ProbePods(client, CONFIG, Clock.systemUTC()).probeFromPod(NODE, REQUEST);
      return fake.created().get(0);
    }
  }

  @Test
  void returnsTheProbeResultTheContainerLeftInItsTerminationMessage() {
    ProbeResult result = probeWith(FakeKubelet.terminatesWith(json(reachableResult()), 0));

    assertThat(result.reachable()).isTrue();
    assertThat(result.sourceAddress()).isEqualTo("10.244.1.5");
    assertThat(result.attempts())
        .extracting(ConnectAttempt::outcome)
        .containsExactly(ConnectOutcome.CONNECTED);
  }

  @Test
  void readsAFailedProbesResultEvenThoughTheContainerExitedWithAnError() {
    ProbeResult timedOut =
        new ProbeResult(
            "pod",
            REQUEST,
            "10.244.1.5",
            null,
            List.of(
                new ConnectAttempt(
                    "10.0.5.20", 5432, ConnectOutcome.TIMED_OUT, 100, "10.244.1.5", null)),
            null,
            false,
            101,
            "connect timed out");

    ProbeResult result = probeWith(FakeKubelet.terminatesWith(json(timedOut), 1));

    assertThat(result.reachable()).isFalse();
    assertThat(result.attempts())
        .extracting(ConnectAttempt::outcome)
        .containsExactly(ConnectOutcome.TIMED_OUT);
    assertThat(result.error()).isEqualTo("connect timed out");
  }

  @Test
  void ignoresFieldsANewerProbeAddsToItsResult() {
    String withExtra = json(reachableResult()).replaceFirst("\\{", "{\"probeVersion\":\"9.9\",");

    assertThat(probeWith(FakeKubelet.terminatesWith(withExtra, 0)).reachable()).isTrue();
  }

  @Test
  void pinsThePodToTheNodeAndPassesTheTargetAsProbeArguments() {
    Pod pod = createdPod();

    assertThat(pod.getSpec().getNodeName()).isEqualTo("ip-172-20-1-10");
    assertThat(pod.getSpec().getContainers().get(0).getArgs())
        .containsExactly(
            "probe",
            "--host",
            REQUEST.host(),
            "--port",
            "5432",
            "--timeout",
            "100ms",
            "--protocol",
            "postgres");
    assertThat(pod.getSpec().getContainers().get(0).getImage())
        .isEqualTo("ghcr.io/peerfix/peerfix:0.1.0");
  }

  @Test
  void runsThePodRestrictedWithoutAServiceAccountTokenAndWithADeadline() {
    Pod pod = createdPod();
    Container container = pod.getSpec().getContainers().get(0);

    assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(31L);
    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("RuntimeDefault");
    assertThat(container.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getTerminationMessagePolicy()).isEqualTo("File");
    assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
  }

  @Test
  void labelsThePodForTheSweeperAndWithTheBotsNameButGivesItNoOwnerReference() {
    Pod pod = createdPod();

    assertThat(pod.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/name", "peerfix-probe")
        .containsEntry("peerfix.io/target", "orders.cluster-1.us-east-1.rds.amazonaws.com-5432")
        .containsEntry("peerfix.io/node", "ip-172-20-1-10")
        .containsEntry("peerfix.io/created-by", "peerfix-bot-7d9f")
        .containsKey("peerfix.io/probe-id");
    // The bot's Pod is in another namespace: an owner reference to it would be invalid, and the
    // garbage collector would delete the probe pod before it ran.
    assertThat(pod.getMetadata().getOwnerReferences()).isEmpty();
  }

  @Test
  void deletesThePodOnceItHasReadTheResult() {
    probeWith(FakeKubelet.terminatesWith(json(reachableResult()), 0));

    assertThat(client.pods().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void aPodThatStaysPendingPastItsDeadlineBecomesAnUnreachableResultThatSaysWhatToCheck() {
    ProbeResult result = probeWith(FakeKubelet.neverStarts(), SHORT_DEADLINE);

    assertThat(result.reachable()).isFalse();
    assertThat(result.error())
        .contains("stayed Pending and never started within its deadline")
        .contains("check that node ip-172-20-1-10 is Ready");
  }

  @Test
  void deletesThePodThatNeverStarted() {
    probeWith(FakeKubelet.neverStarts(), SHORT_DEADLINE);

    assertThat(client.pods().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void anImagePullBackOffEndsTheProbeAtOnceWithTheImageToCheck() {
    ProbeResult result =
        probeWith(
            FakeKubelet.waitsWith(
                "ImagePullBackOff", "Back-off pulling image \"ghcr.io/peerfix/peerfix:0.1.0\""));

    assertThat(result.reachable()).isFalse();
    assertThat(result.error())
        .contains("could not pull image ghcr.io/peerfix/peerfix:0.1.0 (ImagePullBackOff")
        .contains("pull secret")
        .doesNotContain("deadline");
  }

  @Test
  void aTerminationMessageThatIsNotAProbeResultBecomesAnErrorQuotingIt() {
    ProbeResult result = probeWith(FakeKubelet.terminatesWith("panic: something went wrong", 2));

    assertThat(result.reachable()).isFalse();
    assertThat(result.error())
        .contains("exit code 2")
        .contains("not a probe result ('panic: something went wrong')");
  }

  @Test
  void deletesThePodWhoseMessageWasGarbage() {
    probeWith(FakeKubelet.terminatesWith("panic: something went wrong", 2));

    assertThat(client.pods().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void aContainerThatLeftNoMessageSaysItsExitCodeAndReason() {
    ProbeResult result = probeWith(FakeKubelet.terminatesWith(null, 137));

    assertThat(result.error()).contains("exit code 137, Error").contains("without a result");
  }
}
