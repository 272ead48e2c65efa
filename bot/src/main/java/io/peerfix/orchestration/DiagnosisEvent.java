package io.peerfix.orchestration;

import io.peerfix.diagnosis.DiagnosisTarget;
import io.peerfix.diagnosis.NodeVerdict;
import io.peerfix.diagnosis.RootCause;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeResult;
import io.peerfix.vpc.AwsNetwork;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that happened during one diagnosis, in the order a {@link DiagnosisListener} receives
 * it: {@link Started} first; {@link NodesListed} once, before any {@link FactsRead} or {@link
 * ProbeAnswered} (each counting N of M), which come as they arrive; {@link AwsViewRead} and {@link
 * Warned} whenever they happen; at most one {@link Predicted}, before the last probe answers; and
 * {@link Done} last.
 */
public sealed interface DiagnosisEvent {

  /** The run began at {@code at}. */
  record Started(DiagnosisTarget target, Instant at) implements DiagnosisEvent {
    public Started {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * The nodes were listed: {@code nodes} in all, {@code probes} pod probes will run (one per node
   * in small clusters, one per NAT fingerprint beyond) under {@code plan} (never {@code AUTO}).
   */
  record NodesListed(int nodes, int probes, DiagnosisRunner.ProbePlan plan)
      implements DiagnosisEvent {}

  /**
   * One node's agent facts arrived (empty when its agent reported none): the {@code read}-th of
   * {@code of}.
   */
  record FactsRead(NodeInfo node, Optional<NodeFacts> facts, int read, int of)
      implements DiagnosisEvent {}

  /**
   * A pod probe on {@code node} answered (empty when it failed; a {@link Warned} says why),
   * standing for {@code standsFor} nodes: the {@code answered}-th of {@code of}.
   */
  record ProbeAnswered(
      NodeInfo node, int standsFor, Optional<ProbeResult> result, int answered, int of)
      implements DiagnosisEvent {}

  /** The AWS view was read (a partial view carries its own warnings). */
  record AwsViewRead(AwsNetwork network) implements DiagnosisEvent {}

  /** A collection problem, on {@code node} when it concerns one. */
  record Warned(String problem, Optional<String> node) implements DiagnosisEvent {}

  /**
   * The likely cause from the NAT model and the AWS view alone, before the probes confirm it:
   * {@code nodes} are the model's verdicts (NAT action, deciding rule, AWS path) per modelled node,
   * without probe results.
   */
  record Predicted(RootCause cause, List<NodeVerdict> nodes) implements DiagnosisEvent {
    public Predicted {
      Objects.requireNonNull(cause, "cause");
      nodes = List.copyOf(nodes);
    }
  }

  /** The final diagnosis. */
  record Done(DiagnosisRun run) implements DiagnosisEvent {}
}
