package io.peerfix.diagnosis;

import io.peerfix.vpc.PathEvaluator;
import java.util.List;

/**
 * Turns observations into a {@link Diagnosis}: each node's pod packet is evaluated through its nat
 * table ({@link NatModel}) and the AWS path ({@link PathEvaluator}) for the source it leaves with
 * and for the node's own address; that model is then held against what the probes saw.
 *
 * <p>Order of reasoning (all these look like a timeout from the pod): every pod connected gives
 * HEALTHY; a failed lookup DNS_FAILURE; an answer that is not the database's private address (or
 * lies outside the peer VPC) DNS_RESOLVES_PUBLIC; a pod range overlapping the peer VPC (or the
 * database inside a pod range) CIDR_OVERLAP; RSTs CONNECTION_REFUSED; pod failing while its node
 * works, with the nat table leaving a pod source, POD_SOURCE_NOT_MASQUERADED; both failing, the AWS
 * hop that drops the node's own packet. Every disagreement between model and probes is stated in
 * the evidence and lowers the {@link Confidence}; one the answer cannot survive gives UNKNOWN.
 *
 * <p>Pure and thread-safe; nothing depends on particular addresses.
 */
public final class Diagnoser {
  private final NatModel natModel;
  private final PathEvaluator pathEvaluator;

  public Diagnoser(NatModel natModel, PathEvaluator pathEvaluator) {
    this.natModel = natModel;
    this.pathEvaluator = pathEvaluator;
  }

  /** A diagnoser over the NAT engine and the AWS path evaluator. */
  public static Diagnoser standard() {
    return new Diagnoser(NatModel.iptables(), new PathEvaluator());
  }

  /** The diagnosis, with an id derived from the observations. */
  public Diagnosis diagnose(Observations observations) {
    return diagnose(observations, DiagnosisIds.derive(observations));
  }

  /** The diagnosis with the caller's id (e.g. a run's), which its node fix names. */
  public Diagnosis diagnose(Observations observations, String diagnosisId) {
    DiagnosisContext ctx = DiagnosisContext.of(observations, diagnosisId);
    NodeAnalyzer analyzer = new NodeAnalyzer(natModel, pathEvaluator);
    List<NodeAnalysis> nodes =
        observations.nodes().stream().map(n -> analyzer.analyze(ctx, n)).toList();
    Assessment assessment = new Assessment();
    Decision decision = new CauseFinder(ctx, nodes, assessment).find();
    observations.warnings().forEach(w -> assessment.add(Evidence.note(w)));
    return new Diagnosis(
        diagnosisId,
        observations.target(),
        decision.cause(),
        assessment.confidence(),
        assessment.evidence(),
        nodes.stream().map(NodeAnalysis::verdict).toList(),
        FixPlanner.plan(decision, ctx));
  }
}
