/**
 * The AWS network between a Kubernetes cluster's VPC and the VPC where its database lives, as plain
 * values ({@link io.peerfix.vpc.AwsNetwork}), the port that reads it ({@link
 * io.peerfix.vpc.AwsNetworkReader}), and the evaluation of one TCP path through it in both
 * directions ({@link io.peerfix.vpc.PathEvaluator}).
 *
 * <p>Pure: values and logic only. The real reader lives in {@code io.peerfix.aws}; the lab builds
 * the same values from scenario files.
 */
package io.peerfix.vpc;
