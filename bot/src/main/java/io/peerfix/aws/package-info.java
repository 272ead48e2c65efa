/**
 * The AWS edge: reads the network view ({@link io.peerfix.vpc.AwsNetwork}) through aws-sdk-java-v2
 * (EC2 and RDS, read-only describe calls), turning AWS errors into warnings in the view.
 */
package io.peerfix.aws;
