package io.peerfix.aws;

import static io.peerfix.aws.AwsStubs.CLUSTER_VPC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerfix.vpc.AwsNetwork;
import io.peerfix.vpc.AwsQuery;
import io.peerfix.vpc.AwsResource;
import io.peerfix.vpc.ReadWarning;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;

/**
 * EC2 and RDS that cannot be reached: a closed port on loopback (nothing leaves the machine), and
 * the SDK's exceptions for the other ways (a timeout, a name that does not resolve) built as the
 * SDK builds them.
 */
class AwsUnreachableTest {
  private static URI closed;
  private static AwsSdkNetworkReader reader;

  @BeforeAll
  static void aPortNothingListensOn() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    closed = URI.create("http://127.0.0.1:" + port);
    reader = AwsClients.readerFor(closed, Region.US_EAST_1, "AKIDEXAMPLE", "wJalrXUtnFEMI/EXAMPLE");
  }

  @Test
  void everyResourceOfAnUnreachableAccountIsWarnedAsUnreachableWithTheEndpoint() {
    AwsNetwork network = reader.read(AwsQuery.byIdentifier(CLUSTER_VPC, "orders-db"));

    assertThat(network.warnings())
        .extracting(ReadWarning::resource)
        .containsExactly(
            AwsResource.DB_INSTANCES,
            AwsResource.VPCS,
            AwsResource.SUBNETS,
            AwsResource.PEERING_CONNECTIONS,
            AwsResource.ROUTE_TABLES,
            AwsResource.NETWORK_ACLS);
    assertThat(network.warnings())
        .allSatisfy(
            w ->
                assertThat(w.detail())
                    .startsWith(
                        "AWS "
                            + w.resource().service()
                            + " could not be reached at "
                            + closed
                            + " (connection refused)"));
    assertThat(network.warnings()).noneMatch(ReadWarning::permissionDenied);
  }

  @Test
  void lookingUpADatabaseInAnUnreachableRdsThrowsNamingRdsAndTheEndpoint() {
    assertThatThrownBy(() -> reader.database(AwsQuery.byIdentifier(CLUSTER_VPC, "orders-db")))
        .isInstanceOf(AwsUnreachableException.class)
        .hasMessageStartingWith(
            "AWS RDS could not be reached at " + closed + " (connection refused)");
  }

  @Test
  void onceAServiceIsUnreachableItsOtherReadsAreNotTriedButTheOtherServicesAre() {
    AwsCalls calls = new AwsCalls(service -> "in us-east-1");
    AtomicInteger tried = new AtomicInteger();
    SdkClientException refused =
        SdkClientException.create(
            "Unable to execute HTTP request: Connection refused",
            new ConnectException("Connection refused"));

    for (AwsResource resource : new AwsResource[] {AwsResource.VPCS, AwsResource.SUBNETS}) {
      calls.read(
          resource,
          () -> {
            tried.incrementAndGet();
            throw refused;
          });
    }
    Optional<String> rds = calls.read(AwsResource.DB_INSTANCES, () -> "answered");

    assertThat(tried).hasValue(1);
    assertThat(rds).contains("answered");
    assertThat(calls.unreachable("EC2")).isPresent();
    assertThat(calls.unreachable("RDS")).isEmpty();
    assertThat(calls.warnings())
        .extracting(ReadWarning::resource)
        .containsExactly(AwsResource.VPCS, AwsResource.SUBNETS);
    assertThat(calls.warnings().get(1).detail()).isEqualTo(calls.warnings().get(0).detail());
  }

  @Test
  void refusedTimedOutAndUnresolvedAreUnreachableAndOtherClientFailuresAreNot() {
    assertThat(Unreachable.reason(wrapped(new ConnectException("Connection refused"))))
        .contains("connection refused");
    assertThat(Unreachable.reason(wrapped(new SocketTimeoutException("Connect timed out"))))
        .contains("no answer in time");
    assertThat(
            Unreachable.reason(
                wrapped(new UnknownHostException("ec2.us-east-1.amazonaws.com: Name unknown"))))
        .contains("unknown host ec2.us-east-1.amazonaws.com: Name unknown");
    assertThat(Unreachable.reason(ApiCallAttemptTimeoutException.create(2000)))
        .contains("no answer in time");
    assertThat(Unreachable.reason(wrapped(new java.net.SocketException("Connection reset"))))
        .isEmpty();
    assertThat(Unreachable.reason(SdkClientException.create("Unable to unmarshall response")))
        .isEmpty();
  }

  private static SdkClientException wrapped(Exception cause) {
    return SdkClientException.create(
        "Unable to execute HTTP request: " + cause.getMessage(), cause);
  }
}
