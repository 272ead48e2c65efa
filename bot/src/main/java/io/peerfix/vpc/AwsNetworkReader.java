package io.peerfix.vpc;

/**
 * Port: reads the AWS network for one diagnosis. Never throws for AWS-side failures (permission
 * denied, throttling that outlasted retries, database not found): it returns what it could read and
 * says what it could not in {@link AwsNetwork#warnings()}.
 */
@FunctionalInterface
public interface AwsNetworkReader {
  AwsNetwork read(AwsQuery query);
}
