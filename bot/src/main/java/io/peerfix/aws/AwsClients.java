package io.peerfix.aws;

import io.peerfix.common.UserInputException;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Builds the EC2 and RDS clients peerfix reads with, on the small URL-connection HTTP client and
 * the SDK's default retry policy (throttling and 5xx answers are retried with backoff).
 */
public final class AwsClients {
  private AwsClients() {}

  /**
   * A reader on clients whose region and credentials come from the SDK's default chains
   * (environment, profile, container or instance role).
   *
   * @throws UserInputException when no region is configured
   */
  public static AwsSdkNetworkReader defaultReader() {
    try {
      Ec2Client ec2 =
          Ec2Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
      RdsClient rds =
          RdsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
      return new AwsSdkNetworkReader(ec2, rds);
    } catch (SdkClientException e) {
      throw new UserInputException(
          "cannot set up AWS clients: "
              + e.getMessage()
              + " (set AWS_REGION, or a region in the AWS profile peerfix uses)",
          e);
    }
  }

  /**
   * A reader on clients with credentials from the SDK's default chain (environment, system
   * properties, profile, container or instance role), in {@code region} when given (else the SDK's
   * default region chain), talking to {@code endpoint} when given (else AWS's own endpoints).
   *
   * @throws UserInputException when no region is given or configured
   */
  public static AwsSdkNetworkReader reader(Optional<String> region, Optional<URI> endpoint) {
    try {
      var ec2 = Ec2Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
      var rds = RdsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
      region
          .map(Region::of)
          .ifPresent(
              r -> {
                ec2.region(r);
                rds.region(r);
              });
      endpoint.ifPresent(
          e -> {
            ec2.endpointOverride(e);
            rds.endpointOverride(e);
          });
      return new AwsSdkNetworkReader(ec2.build(), rds.build());
    } catch (SdkClientException e) {
      throw new UserInputException(
          "cannot set up AWS clients: "
              + e.getMessage()
              + " (set aws.region in the configuration file, or AWS_REGION)",
          e);
    }
  }

  /**
   * A reader on clients that talk to {@code endpoint} with fixed credentials and region (tests).
   */
  public static AwsSdkNetworkReader readerFor(
      URI endpoint, Region region, String accessKeyId, String secretAccessKey) {
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    Ec2Client ec2 =
        Ec2Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .endpointOverride(endpoint)
            .region(region)
            .credentialsProvider(credentials)
            .build();
    RdsClient rds =
        RdsClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .endpointOverride(endpoint)
            .region(region)
            .credentialsProvider(credentials)
            .build();
    return new AwsSdkNetworkReader(ec2, rds);
  }
}
