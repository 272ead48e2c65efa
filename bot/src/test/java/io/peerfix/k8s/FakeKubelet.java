package io.peerfix.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Plays the kubelet's part for probe pods in the fabric8 mock server: watches probe pods and, when
 * one is created, sets the status the test's behaviour gives it (terminated with a message, stuck
 * waiting, or nothing at all). Remembers the pods it saw created.
 */
public final class FakeKubelet implements AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  private final Function<Pod, PodStatus> behaviour;
  private final List<Pod> created = new CopyOnWriteArrayList<>();
  private final SharedIndexInformer<Pod> informer;

  public FakeKubelet(
      KubernetesClient client, String namespace, Function<Pod, PodStatus> behaviour) {
    this.client = client;
    this.namespace = namespace;
    this.behaviour = behaviour;
    QuietMockServer.quiet();
    this.informer =
        client
            .pods()
            .inNamespace(namespace)
            .withLabel(ProbePodFactory.NAME_LABEL, ProbePodFactory.NAME_VALUE)
            .inform(new Handler());
  }

  /** The container ran the probe and left {@code message} in its termination message. */
  public static Function<Pod, PodStatus> terminatesWith(String message, int exitCode) {
    return pod ->
        new PodStatusBuilder()
            .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
            .withStartTime("2026-01-01T00:00:00Z")
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(ProbePodFactory.CONTAINER)
                    .withState(
                        new ContainerStateBuilder()
                            .withNewTerminated()
                            .withExitCode(exitCode)
                            .withReason(exitCode == 0 ? "Completed" : "Error")
                            .withMessage(message)
                            .endTerminated()
                            .build())
                    .build())
            .build();
  }

  /**
   * Every container of the pod ran its probe and left the message {@code message} gives for the
   * container (from its arguments, e.g. {@code --host}); the pod succeeded.
   */
  public static Function<Pod, PodStatus> terminatesEach(Function<Container, String> message) {
    return pod ->
        new PodStatusBuilder()
            .withPhase("Succeeded")
            .withStartTime("2026-01-01T00:00:00Z")
            .withContainerStatuses(
                pod.getSpec().getContainers().stream()
                    .map(
                        c ->
                            new ContainerStatusBuilder()
                                .withName(c.getName())
                                .withState(
                                    new ContainerStateBuilder()
                                        .withNewTerminated()
                                        .withExitCode(0)
                                        .withReason("Completed")
                                        .withMessage(message.apply(c))
                                        .endTerminated()
                                        .build())
                                .build())
                    .toList())
            .build();
  }

  /** The container cannot start and waits with {@code reason}. */
  static Function<Pod, PodStatus> waitsWith(String reason, String message) {
    return pod ->
        new PodStatusBuilder()
            .withPhase("Pending")
            .withStartTime("2026-01-01T00:00:00Z")
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(ProbePodFactory.CONTAINER)
                    .withState(
                        new ContainerStateBuilder()
                            .withNewWaiting()
                            .withReason(reason)
                            .withMessage(message)
                            .endWaiting()
                            .build())
                    .build())
            .build();
  }

  /** The node never picks the pod up: no status beyond Pending. */
  static Function<Pod, PodStatus> neverStarts() {
    return pod -> new PodStatusBuilder().withPhase("Pending").build();
  }

  public List<Pod> created() {
    return List.copyOf(created);
  }

  @Override
  public void close() {
    informer.close();
  }

  private final class Handler implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      created.add(pod);
      PodStatus status = behaviour.apply(pod);
      client
          .pods()
          .inNamespace(namespace)
          .withName(pod.getMetadata().getName())
          .editStatus(p -> new PodBuilder(p).withStatus(status).build());
    }

    @Override
    public void onUpdate(Pod oldPod, Pod newPod) {}

    @Override
    public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {}
  }
}
