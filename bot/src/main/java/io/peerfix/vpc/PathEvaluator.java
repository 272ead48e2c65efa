package io.peerfix.vpc;

import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates one TCP path through an {@link AwsNetwork} in both directions: the request from the
 * source to the database and the reply back, hop by hop (see {@link Hop}), with evidence naming the
 * AWS ids that decide and the AWS change that fixes each blocking hop.
 */
public final class PathEvaluator {

  /** Checks every hop of {@code query}'s path through {@code network}. */
  public PathEvaluation evaluate(AwsNetwork network, PathQuery query) {
    List<HopCheck> hops = new ArrayList<>();
    return new PathEvaluation(query, hops);
  }
}
